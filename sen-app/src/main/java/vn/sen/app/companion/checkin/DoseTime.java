package vn.sen.app.companion.checkin;

import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * Which dose a check-in is about: a period of the day when the message names one, and the day.
 *
 * @param period morning, noon, evening or night; null when only the day is known
 * @param day today or yesterday, relative to when the message was sent
 * @param date the calendar day in the patient's time zone
 */
public record DoseTime(@Nullable Period period, Day day, LocalDate date) {

  /** A period of the day, with the default clock time of its dose (Asia/Ho_Chi_Minh habits). */
  public enum Period {
    MORNING("morning", LocalTime.of(7, 0), "sáng", "morning"),
    NOON("noon", LocalTime.of(12, 0), "trưa", "noon"),
    EVENING("evening", LocalTime.of(18, 0), "tối", "evening"),
    NIGHT("night", LocalTime.of(21, 0), "đêm", "night");

    private final String code;
    private final LocalTime usual;
    private final String vi;
    private final String en;

    Period(String code, LocalTime usual, String vi, String en) {
      this.code = code;
      this.usual = usual;
      this.vi = vi;
      this.en = en;
    }

    public String code() {
      return code;
    }

    public LocalTime usual() {
      return usual;
    }

    public String vi() {
      return vi;
    }

    public String en() {
      return en;
    }
  }

  /** The day of the dose relative to the message. */
  public enum Day {
    TODAY("today"),
    YESTERDAY("yesterday");

    private final String code;

    Day(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** {@code morning/today}, {@code -/yesterday}: the form the evaluation set uses. */
  public String label() {
    return (period == null ? "-" : period.code()) + "/" + day.code();
  }
}
