package vn.sen.app.companion.web;

/** What happened to an expected dose. */
public enum DoseStatus {
  /** No answer yet, and the day is not over. */
  PENDING,
  /** Taken within the grace period after its time. */
  TAKEN,
  /** Taken, but later than the grace period. */
  LATE,
  /** Skipped on purpose, with a reason. */
  SKIPPED,
  /** The day is over and nobody answered. */
  MISSED;

  /** Message key of its label. */
  public String label() {
    return "companion.status." + name().toLowerCase(java.util.Locale.ROOT);
  }

  /** CSS class. */
  public String css() {
    return "st-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
