/**
 * Companion reminders: expected doses ({@link vn.sen.app.companion.reminder.DoseFeed}) become reminders
 * planned a day ahead ({@link vn.sen.app.companion.reminder.ReminderPlanner}), sent at dose time through
 * channel adapters ({@link vn.sen.app.companion.reminder.ReminderDispatcher}: the in-page inbox and signed
 * webhooks an SMS or Zalo gateway consumes), with quiet hours, {@code stop-reminders} and escalation to an
 * authorised caregiver when doses stay unanswered ({@link vn.sen.app.companion.reminder.EscalationMonitor}).
 * The schedule module feeds it through the ports {@link vn.sen.app.companion.reminder.DoseFeed} and
 * {@link vn.sen.app.companion.reminder.DoseAnswers}. See docs/companion.md, "Reminders and escalation".
 */
@NullMarked
package vn.sen.app.companion.reminder;

import org.jspecify.annotations.NullMarked;
