package vn.sen.synth.gen;

import java.time.LocalDate;

/** Dates as epoch days and times as minutes of the day, written in Vietnam's offset (+07:00). */
final class Times {
  private Times() {}

  static String date(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  static String dateTime(int epochDay, int minuteOfDay) {
    int m = Math.floorMod(minuteOfDay, 1440);
    int day = epochDay + Math.floorDiv(minuteOfDay, 1440);
    StringBuilder sb = new StringBuilder(25);
    sb.append(LocalDate.ofEpochDay(day)).append('T');
    two(sb, m / 60);
    sb.append(':');
    two(sb, m % 60);
    sb.append(":00+07:00");
    return sb.toString();
  }

  private static void two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    sb.append(v);
  }
}
