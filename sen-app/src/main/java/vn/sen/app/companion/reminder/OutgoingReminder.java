package vn.sen.app.companion.reminder;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A reminder a dispatcher claimed, as a channel sends it.
 *
 * @param id the reminder's id (the gateway's idempotency key)
 * @param attempt 1 for the first try
 * @param patientId whose dose it is about
 * @param kind {@code dose} (to the patient) or {@code escalation} (to the caregiver)
 * @param recipient {@code Patient/…} or {@code RelatedPerson/…}
 * @param channel the channel's name
 * @param due when the reminder was meant to go out (the dose time, or the escalation time)
 * @param doseDue when the dose was due
 * @param medication the medicine's display name
 * @param doseLabel how much
 * @param reach language and address, for channels that need them; null otherwise
 */
public record OutgoingReminder(long id, int attempt, String patientId, String kind, String recipient,
    String channel, Instant due, Instant doseDue, String medication, String doseLabel, Recipients.@Nullable Recipient reach) {

  boolean escalation() {
    return "escalation".equals(kind);
  }
}
