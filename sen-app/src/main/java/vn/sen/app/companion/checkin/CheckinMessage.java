package vn.sen.app.companion.checkin;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A check-in to interpret.
 *
 * @param text what the patient or caregiver wrote
 * @param sent when it was sent (the server's time of receipt when the client did not say)
 * @param zone the patient's time zone, for "today" and "yesterday"
 * @param medications the patient's active prescriptions
 */
public record CheckinMessage(String text, Instant sent, ZoneId zone, List<ActiveMedication> medications) {
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  public CheckinMessage {
    medications = List.copyOf(medications);
  }
}
