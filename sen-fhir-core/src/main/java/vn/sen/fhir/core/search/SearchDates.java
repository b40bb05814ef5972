package vn.sen.fhir.core.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a FHIR date or dateTime as written in a search ({@code 2024}, {@code 2024-05},
 * {@code 2024-05-17}, {@code 2024-05-17T08:30}, {@code …:15}, {@code …:15.250}, with {@code Z},
 * {@code ±hh:mm} or no zone) into the inclusive range of epoch milliseconds its precision covers. A
 * value without a zone is read in UTC, the rule the index extractor applies to stored values, so that
 * both sides of a comparison agree.
 */
final class SearchDates {
  private static final Pattern DATE = Pattern.compile(
      "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
          + "(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

  private SearchDates() {}

  /** The inclusive range {low, high}, or empty when the text is not a valid date. */
  static Optional<long[]> range(String text) {
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(range(m));
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static long[] range(Matcher m) {
    int year = Integer.parseInt(m.group(1));
    if (m.group(2) == null) {
      return span(LocalDate.of(year, 1, 1), LocalDate.of(year, 1, 1).plusYears(1));
    }
    int month = Integer.parseInt(m.group(2));
    if (m.group(3) == null) {
      LocalDate first = YearMonth.of(year, month).atDay(1);
      return span(first, first.plusMonths(1));
    }
    LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
    if (m.group(4) == null) {
      return span(day, day.plusDays(1));
    }
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    String fraction = m.group(7);
    int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
    ZoneOffset offset = m.group(8) == null || m.group(8).equals("Z")
        ? ZoneOffset.UTC
        : ZoneOffset.of(m.group(8));
    long low = LocalDateTime.of(day, java.time.LocalTime.of(hour, minute, second, nanos))
        .toInstant(offset)
        .toEpochMilli();
    long width;
    if (m.group(6) == null) {
      width = 60_000L;
    } else if (fraction == null) {
      width = 1_000L;
    } else if (fraction.length() < 3) {
      width = fraction.length() == 1 ? 100L : 10L;
    } else {
      width = 1L;
    }
    return new long[] {low, low + width - 1};
  }

  private static long[] span(LocalDate from, LocalDate toExclusive) {
    long low = from.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    long high = toExclusive.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;
    return new long[] {low, high};
  }
}
