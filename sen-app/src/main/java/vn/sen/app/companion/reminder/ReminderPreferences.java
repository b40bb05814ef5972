package vn.sen.app.companion.reminder;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One patient's reminder preferences, with the configured defaults filled in.
 *
 * @param patientId the Patient's id
 * @param channels channels the patient is reminded on ({@code in-page} or a webhook endpoint's name)
 * @param zone the patient's time zone (quiet hours are local)
 * @param quietHours null for none
 * @param stopped the patient said {@code stop-reminders}: nothing is planned or sent
 * @param escalate whether unanswered doses are escalated to {@code caregiver}
 * @param caregiver id of the RelatedPerson escalations go to
 * @param caregiverChannels channels the caregiver is reached on
 * @param escalateAfter a dose unanswered this long after it was due counts as missed
 * @param escalateAfterMisses escalate once this many doses in a row were missed
 */
public record ReminderPreferences(String patientId, List<String> channels, ZoneId zone,
    QuietHours.@Nullable Window quietHours, boolean stopped, boolean escalate, @Nullable String caregiver,
    List<String> caregiverChannels, Duration escalateAfter, int escalateAfterMisses) {

  public ReminderPreferences {
    channels = List.copyOf(channels);
    caregiverChannels = List.copyOf(caregiverChannels);
    if (escalateAfter.isNegative() || escalateAfter.isZero() || escalateAfterMisses < 1) {
      throw new IllegalArgumentException("escalation needs a positive delay and at least one miss");
    }
  }

  /** What a patient without own preferences gets. */
  static ReminderPreferences defaults(String patientId, ReminderSettings settings) {
    ReminderSettings.Defaults d = settings.defaults();
    return new ReminderPreferences(patientId, d.channels(), d.zone(), d.quietHours(), false, false, null,
        List.of(), settings.escalation().after(), settings.escalation().misses());
  }

  /** Whether escalation can happen at all: switched on and a caregiver named. */
  boolean watched() {
    return escalate && caregiver != null && !stopped;
  }

  public ReminderPreferences withChannels(List<String> newChannels) {
    return new ReminderPreferences(patientId, newChannels, zone, quietHours, stopped, escalate, caregiver,
        caregiverChannels, escalateAfter, escalateAfterMisses);
  }

  public ReminderPreferences withQuietHours(QuietHours.@Nullable Window window) {
    return new ReminderPreferences(patientId, channels, zone, window, stopped, escalate, caregiver,
        caregiverChannels, escalateAfter, escalateAfterMisses);
  }

  /** Escalation to {@code relatedPersonId} on {@code via}, after {@code after} or {@code misses} in a row. */
  public ReminderPreferences withEscalation(String relatedPersonId, List<String> via, Duration after,
      int misses) {
    return new ReminderPreferences(patientId, channels, zone, quietHours, stopped, true, relatedPersonId, via,
        after, misses);
  }

  public ReminderPreferences withoutEscalation() {
    return new ReminderPreferences(patientId, channels, zone, quietHours, stopped, false, caregiver,
        caregiverChannels, escalateAfter, escalateAfterMisses);
  }
}
