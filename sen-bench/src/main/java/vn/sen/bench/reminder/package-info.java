/**
 * The reminder pipeline benchmark ({@code ./sen bench --reminders N}): a day of doses for N synthetic
 * patients planned and dispatched through the real pipeline, which sen-app provides through the
 * {@link vn.sen.bench.reminder.ReminderPipeline} service interface (this module cannot see sen-app).
 */
@NullMarked
package vn.sen.bench.reminder;

import org.jspecify.annotations.NullMarked;
