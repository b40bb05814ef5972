package vn.sen.app.companion.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;
import org.jspecify.annotations.Nullable;

/**
 * A simple expansion of a structured FHIR {@link Timing} into the local times of one day
 * (https://hl7.org/fhir/R4/datatypes.html#Timing): explicit events, {@code timeOfDay}, {@code when}
 * (morning, meals, bedtime…) at customary Vietnamese times, or {@code frequency} per {@code period} of
 * hours, days or weeks spread over the waking day; {@code dayOfWeek} and {@code boundsPeriod} or
 * {@code boundsDuration} limit the days. As-needed doses, months and years, {@code count} and offsets are
 * not expanded: the companion's schedule module does the full job.
 */
final class TimingExpansion {
  /** Customary times of the day's events in Vietnam. */
  private static final Map<String, LocalTime> WHEN = Map.ofEntries(
      Map.entry("WAKE", LocalTime.of(6, 0)), Map.entry("MORN.early", LocalTime.of(6, 0)),
      Map.entry("MORN", LocalTime.of(7, 0)), Map.entry("MORN.late", LocalTime.of(9, 0)),
      Map.entry("ACM", LocalTime.of(6, 30)), Map.entry("CM", LocalTime.of(7, 0)), Map.entry("PCM", LocalTime.of(7, 30)),
      Map.entry("ACD", LocalTime.of(11, 30)), Map.entry("NOON", LocalTime.of(12, 0)), Map.entry("CD", LocalTime.of(12, 0)),
      Map.entry("PCD", LocalTime.of(12, 30)), Map.entry("AFT.early", LocalTime.of(13, 0)),
      Map.entry("AFT", LocalTime.of(14, 0)), Map.entry("AFT.late", LocalTime.of(16, 0)),
      Map.entry("EVE.early", LocalTime.of(17, 0)), Map.entry("ACV", LocalTime.of(17, 30)),
      Map.entry("EVE", LocalTime.of(18, 0)), Map.entry("CV", LocalTime.of(18, 0)), Map.entry("PCV", LocalTime.of(18, 30)),
      Map.entry("EVE.late", LocalTime.of(20, 0)), Map.entry("NIGHT", LocalTime.of(21, 0)),
      Map.entry("HS", LocalTime.of(21, 0)), Map.entry("PHS", LocalTime.of(21, 30)));
  /** Meal-relative codes without a meal ("AC": before meals) mean the first {@code frequency} meals. */
  private static final Map<String, List<String>> MEALS = Map.of(
      "C", List.of("CM", "CV", "CD"), "AC", List.of("ACM", "ACV", "ACD"), "PC", List.of("PCM", "PCV", "PCD"));

  private TimingExpansion() {}

  /**
   * Local times of the doses on {@code day}, sorted, without duplicates.
   *
   * @param anchor the first day of the prescription (bounds start, else authoredOn), for "every N days"
   *     and "weekly" timings and for {@code boundsDuration}
   */
  static List<LocalTime> times(Dosage dosage, LocalDate day, @Nullable LocalDate anchor, ZoneId zone) {
    if (dosage.hasAsNeededBooleanType() && dosage.getAsNeededBooleanType().booleanValue()
        || dosage.hasAsNeededCodeableConcept() || !dosage.hasTiming()) {
      return List.of();
    }
    Timing timing = dosage.getTiming();
    TreeSet<LocalTime> times = new TreeSet<>();
    for (DateTimeType event : timing.getEvent()) {
      if (event.getValue() != null) {
        var local = event.getValue().toInstant().atZone(zone);
        if (local.toLocalDate().equals(day)) {
          times.add(local.toLocalTime().truncatedTo(ChronoUnit.MINUTES));
        }
      }
    }
    if (!timing.hasRepeat()) {
      return List.copyOf(times);
    }
    Timing.TimingRepeatComponent repeat = timing.getRepeat();
    LocalDate start = anchor;
    if (repeat.hasBoundsPeriod()) {
      Period bounds = repeat.getBoundsPeriod();
      if (bounds.getStart() != null) {
        start = bounds.getStart().toInstant().atZone(zone).toLocalDate();
      }
      if (bounds.getStart() != null && day.isBefore(start)
          || bounds.getEnd() != null && day.isAfter(bounds.getEnd().toInstant().atZone(zone).toLocalDate())) {
        return List.copyOf(times);
      }
    } else if (repeat.hasBoundsDuration() && anchor != null) {
      LocalDate end = boundsEnd(anchor, repeat);
      if (day.isBefore(anchor) || end != null && !day.isBefore(end)) {
        return List.copyOf(times);
      }
    }
    if (onDay(repeat, day, start)) {
      times.addAll(timesOfDay(repeat));
    }
    return List.copyOf(times);
  }

  private static @Nullable LocalDate boundsEnd(LocalDate anchor, Timing.TimingRepeatComponent repeat) {
    var d = repeat.getBoundsDuration();
    if (d.getValue() == null || d.getCode() == null) {
      return null;
    }
    long n = d.getValue().longValue();
    return switch (d.getCode()) {
      case "d" -> anchor.plusDays(n);
      case "wk" -> anchor.plusWeeks(n);
      case "mo" -> anchor.plusMonths(n);
      case "a" -> anchor.plusYears(n);
      default -> null;
    };
  }

  private static boolean onDay(Timing.TimingRepeatComponent repeat, LocalDate day, @Nullable LocalDate start) {
    if (repeat.hasDayOfWeek()) {
      boolean listed = false;
      for (Enumeration<Timing.DayOfWeek> dow : repeat.getDayOfWeek()) {
        if (dow.getValue() != null && dayOfWeek(dow.getValue()) == day.getDayOfWeek()) {
          listed = true;
        }
      }
      return listed;
    }
    Timing.UnitsOfTime unit = repeat.getPeriodUnit();
    int period = repeat.hasPeriod() ? Math.max(1, repeat.getPeriod().intValue()) : 1;
    if (unit == Timing.UnitsOfTime.D) {
      return period == 1 || start == null || Math.floorMod(ChronoUnit.DAYS.between(start, day), period) == 0;
    }
    if (unit == Timing.UnitsOfTime.WK) {
      return start == null ? day.getDayOfWeek() == DayOfWeek.MONDAY
          : Math.floorMod(ChronoUnit.DAYS.between(start, day), 7L * period) == 0;
    }
    return unit == Timing.UnitsOfTime.H;
  }

  private static List<LocalTime> timesOfDay(Timing.TimingRepeatComponent repeat) {
    List<LocalTime> times = new ArrayList<>();
    for (TimeType t : repeat.getTimeOfDay()) {
      if (t.getValue() != null) {
        times.add(LocalTime.parse(t.getValue()).truncatedTo(ChronoUnit.MINUTES));
      }
    }
    if (!times.isEmpty()) {
      return times;
    }
    int frequency = repeat.hasFrequency() ? Math.max(1, repeat.getFrequency()) : 1;
    for (Enumeration<Timing.EventTiming> when : repeat.getWhen()) {
      String code = when.getValue() == null ? null : when.getValue().toCode();
      if (code == null) {
        continue;
      }
      List<String> meals = MEALS.get(code);
      if (meals != null) {
        meals.subList(0, Math.min(frequency, 3)).forEach(m -> times.add(WHEN.get(m)));
      } else if (WHEN.containsKey(code)) {
        times.add(WHEN.get(code));
      }
    }
    if (!times.isEmpty()) {
      return times;
    }
    if (repeat.getPeriodUnit() == Timing.UnitsOfTime.H && repeat.hasPeriod()) {
      return everyFewHours(repeat.getPeriod().doubleValue() / frequency);
    }
    if (repeat.getPeriodUnit() == Timing.UnitsOfTime.WK) {
      return List.of(LocalTime.of(8, 0));
    }
    return spread(frequency);
  }

  private static List<LocalTime> everyFewHours(double hours) {
    List<LocalTime> times = new ArrayList<>();
    int minutes = (int) Math.round(hours * 60);
    if (minutes < 60) {
      return times;
    }
    for (int m = 0; m < 24 * 60; m += minutes) {
      times.add(LocalTime.of(6, 0).plusMinutes(m));
    }
    return times;
  }

  /** N doses a day at the times Vietnamese clinics usually mean. */
  private static List<LocalTime> spread(int perDay) {
    return switch (perDay) {
      case 1 -> List.of(LocalTime.of(8, 0));
      case 2 -> List.of(LocalTime.of(8, 0), LocalTime.of(20, 0));
      case 3 -> List.of(LocalTime.of(7, 0), LocalTime.of(13, 0), LocalTime.of(19, 0));
      case 4 -> List.of(LocalTime.of(7, 0), LocalTime.of(11, 0), LocalTime.of(15, 0), LocalTime.of(19, 0));
      default -> {
        List<LocalTime> times = new ArrayList<>();
        int step = (16 * 60) / (perDay - 1);
        for (int i = 0; i < Math.min(perDay, 24); i++) {
          times.add(LocalTime.of(6, 0).plusMinutes((long) i * step));
        }
        yield times;
      }
    };
  }

  private static DayOfWeek dayOfWeek(Timing.DayOfWeek d) {
    return switch (d.toCode().toLowerCase(Locale.ROOT)) {
      case "mon" -> DayOfWeek.MONDAY;
      case "tue" -> DayOfWeek.TUESDAY;
      case "wed" -> DayOfWeek.WEDNESDAY;
      case "thu" -> DayOfWeek.THURSDAY;
      case "fri" -> DayOfWeek.FRIDAY;
      case "sat" -> DayOfWeek.SATURDAY;
      default -> DayOfWeek.SUNDAY;
    };
  }
}
