package vn.sen.app.companion.checkin;

/**
 * Told after a check-in's records are committed, e.g. so that reminders stop at once on {@code
 * stop-reminders}. Implementations must be quick and must not throw; they run on the request thread.
 */
@FunctionalInterface
public interface CheckinListener {
  void checkedIn(String patientId, Interpretation meaning);
}
