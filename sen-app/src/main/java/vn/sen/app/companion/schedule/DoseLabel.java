package vn.sen.app.companion.schedule;

/** Which dose of the day, as patients name them: sáng, trưa, chiều/tối, đêm. */
public enum DoseLabel {
  MORNING("sáng", "morning"),
  NOON("trưa", "noon"),
  EVENING("tối", "evening"),
  NIGHT("đêm", "night");

  private final String vi;
  private final String en;

  DoseLabel(String vi, String en) {
    this.vi = vi;
    this.en = en;
  }

  public String vi() {
    return vi;
  }

  public String en() {
    return en;
  }

  /** The label of a clock time: 04–10 morning, 11–13 noon, 14–20 evening, otherwise night. */
  public static DoseLabel ofHour(int hour) {
    if (hour >= 4 && hour < 11) {
      return MORNING;
    }
    if (hour >= 11 && hour < 14) {
      return NOON;
    }
    if (hour >= 14 && hour < 21) {
      return EVENING;
    }
    return NIGHT;
  }
}
