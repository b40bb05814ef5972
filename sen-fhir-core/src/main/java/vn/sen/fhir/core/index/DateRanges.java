package vn.sen.fhir.core.index;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Turns FHIR date, dateTime and instant strings into inclusive epoch-millisecond ranges covering
 * their precision. A value without a time zone (a date, or a partial date) is read in UTC, the same
 * rule the query parser applies, so a stored 2024-05-03 and a searched 2024-05-03 meet exactly.
 */
final class DateRanges {

  private DateRanges() {}

  /** The range, or null when the text is not a FHIR date/dateTime/instant. */
  static IndexValue.@Nullable DateRange parse(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return parseStrict(text.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static IndexValue.@Nullable DateRange parseStrict(String s) {
    int n = s.length();
    if (n < 4) {
      return null;
    }
    int year = digits(s, 0, 4);
    if (n == 4) {
      LocalDate start = LocalDate.of(year, 1, 1);
      return utc(start.atStartOfDay(), start.plusYears(1).atStartOfDay());
    }
    expect(s, 4, '-');
    int month = digits(s, 5, 2);
    if (n == 7) {
      LocalDate start = LocalDate.of(year, month, 1);
      return utc(start.atStartOfDay(), start.plusMonths(1).atStartOfDay());
    }
    expect(s, 7, '-');
    int day = digits(s, 8, 2);
    LocalDate date = LocalDate.of(year, month, day);
    if (n == 10) {
      return utc(date.atStartOfDay(), date.plusDays(1).atStartOfDay());
    }
    expect(s, 10, 'T');
    int hour = digits(s, 11, 2);
    expect(s, 13, ':');
    int minute = digits(s, 14, 2);
    int i = 16;
    int second = 0;
    int nanos = 0;
    long unitMillis = 60_000L;
    if (i < n && s.charAt(i) == ':') {
      second = digits(s, i + 1, 2);
      i += 3;
      unitMillis = 1_000L;
      if (i < n && s.charAt(i) == '.') {
        int start = ++i;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i == start) {
          return null;
        }
        String fraction = (s.substring(start, Math.min(i, start + 3)) + "00").substring(0, 3);
        nanos = Integer.parseInt(fraction) * 1_000_000;
        unitMillis = 1L;
      }
    }
    ZoneOffset offset = ZoneOffset.UTC;
    if (i < n) {
      String zone = s.substring(i);
      offset = zone.equals("Z") ? ZoneOffset.UTC : offset(zone);
    }
    LocalDateTime time = date.atTime(hour == 24 ? 0 : hour, minute, second, nanos);
    if (hour == 24) {
      time = time.plusDays(1);
    }
    long low = time.toInstant(offset).toEpochMilli();
    return new IndexValue.DateRange(low, low + unitMillis - 1);
  }

  /** {@code ±hh:mm}; cheaper than {@link ZoneOffset#of(String)}, which parses generally. */
  private static ZoneOffset offset(String zone) {
    if (zone.length() != 6 || zone.charAt(3) != ':' || zone.charAt(0) != '+' && zone.charAt(0) != '-') {
      throw new IllegalArgumentException("zone");
    }
    int sign = zone.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * digits(zone, 1, 2), sign * digits(zone, 4, 2));
  }

  private static IndexValue.DateRange utc(LocalDateTime start, LocalDateTime endExclusive) {
    return new IndexValue.DateRange(
        start.toInstant(ZoneOffset.UTC).toEpochMilli(),
        endExclusive.toInstant(ZoneOffset.UTC).toEpochMilli() - 1);
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      throw new IllegalArgumentException("short");
    }
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("digit");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(String s, int at, char c) {
    if (at >= s.length() || s.charAt(at) != c) {
      throw new IllegalArgumentException("separator");
    }
  }
}
