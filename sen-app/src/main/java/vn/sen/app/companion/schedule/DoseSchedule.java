package vn.sen.app.companion.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.SigPhase.Frequency;
import vn.sen.app.companion.schedule.SigPhase.Slot;

/**
 * Lays a {@link Regimen} out on the calendar: the expected doses between two instants, in the patient's
 * time zone, at the patient's own times of day. A pure function of its inputs: the schedule is computed
 * from the current record each time, so a changed, paused or stopped prescription changes the next
 * computation at once.
 *
 * <p>Default times for a frequency without times of day: 1 a day in the morning; 2 morning and evening;
 * 3 morning, noon and evening; 4 adds bedtime; more are spread evenly from the morning. With a meal
 * relation ("3 lần/ngày sau ăn") the doses follow the meals (breakfast, lunch, dinner). An interval in
 * hours starts at the morning time of the first day.
 */
final class DoseSchedule {
  private static final List<List<String>> SPREAD = List.of(
      List.of("MORN"), List.of("MORN", "EVE"), List.of("MORN", "NOON", "EVE"), List.of("MORN", "NOON", "EVE", "HS"));
  private static final List<List<String>> MEALS = List.of(
      List.of("M"), List.of("M", "V"), List.of("M", "D", "V"));

  private final ZoneId zone;
  private final DoseTimes times;

  DoseSchedule(ZoneId zone, DoseTimes times) {
    this.zone = zone;
    this.times = times;
  }

  /** The doses of {@code regimen} due in [{@code from}, {@code to}), in time order. */
  List<ExpectedDose> doses(String patientId, Regimen regimen, Instant from, Instant to) {
    List<ExpectedDose> out = new ArrayList<>();
    LocalDate first = LocalDate.ofInstant(from, zone);
    LocalDate last = LocalDate.ofInstant(to, zone);
    LocalDateTime stepStart = regimen.start();
    for (Regimen.Step step : regimen.steps()) {
      LocalDateTime stepEnd = stepStart == null || step.duration() == null ? null : plus(stepStart, step.duration());
      for (Regimen.Part part : step.parts()) {
        if (part.phase().asNeeded()) {
          continue;
        }
        LocalDateTime end = earlier(earlier(stepEnd, part.end()), regimen.end());
        LocalDate from0 = stepStart == null || part.count() == null ? first : stepStart.toLocalDate();
        LocalDate start = stepStart == null ? from0 : max(from0, stepStart.toLocalDate());
        int issued = 0;
        for (LocalDateTime at : moments(part.phase(), stepStart, start, last)) {
          if (stepStart != null && regimen.startIsMoment() && at.isBefore(stepStart)
              || stepStart != null && at.toLocalDate().isBefore(stepStart.toLocalDate())
              || end != null && !at.isBefore(end)) {
            continue;
          }
          if (part.count() != null && issued >= part.count()) {
            break;
          }
          issued++;
          Instant due = at.atZone(zone).toInstant();
          if (!due.isBefore(from) && due.isBefore(to)) {
            out.add(dose(patientId, regimen, part.phase(), at, due));
          }
        }
      }
      stepStart = stepEnd;
    }
    out.sort(Comparator.comparing(ExpectedDose::due));
    return out;
  }

  private ExpectedDose dose(String patientId, Regimen regimen, SigPhase phase, LocalDateTime at, Instant due) {
    String when = null;
    DoseAmount amount = phase.amount();
    for (Slot s : phase.slots()) {
      if (at.toLocalTime().equals(times.of(s.when(), phase.offsetMinutes()))) {
        when = s.when();
        if (s.amount() != null) {
          amount = s.amount();
        }
      }
    }
    if (when == null && phase.slots().isEmpty() && phase.timesOfDay().isEmpty()) {
      when = implicitCode(phase, at.toLocalTime());
    }
    String labelCode = when == null ? null : EventTimings.label(when);
    DoseLabel label = labelCode == null ? DoseLabel.ofHour(at.getHour()) : DoseLabel.valueOf(labelCode.toUpperCase(java.util.Locale.ROOT));
    return new ExpectedDose(patientId, regimen.requestId(), regimen.medication(), regimen.medicationDisplay(), due,
        label, when, amount);
  }

  private @Nullable String implicitCode(SigPhase phase, LocalTime t) {
    for (String code : dayCodes(phase)) {
      if (t.equals(times.of(code, phase.offsetMinutes()))) {
        return code;
      }
    }
    return null;
  }

  /** Every local moment a dose is due on days [start, last], before filtering by bounds. */
  private List<LocalDateTime> moments(SigPhase phase, @Nullable LocalDateTime anchor, LocalDate start, LocalDate last) {
    Frequency f = phase.frequency();
    List<LocalDateTime> out = new ArrayList<>();
    if (f == null) {
      return out;
    }
    if (f.unit().equals("h")) {
      long stepMinutes = f.period() * 60L / f.count();
      LocalDateTime t = (anchor == null ? start : anchor.toLocalDate()).atTime(times.of("MORN", null));
      LocalDateTime stop = last.plusDays(1).atStartOfDay();
      if (t.toLocalDate().isBefore(start)) {
        long skip = Duration.between(t, start.atStartOfDay()).toMinutes() / stepMinutes;
        t = t.plusMinutes(skip * stepMinutes);
      }
      for (; t.isBefore(stop); t = t.plusMinutes(stepMinutes)) {
        out.add(t);
      }
      return out;
    }
    List<LocalTime> day = dayTimes(phase);
    LocalDate anchorDay = anchor == null ? start : anchor.toLocalDate();
    for (LocalDate d = start; !d.isAfter(last); d = d.plusDays(1)) {
      if (dueOn(phase, f, anchorDay, d)) {
        for (LocalTime t : day) {
          out.add(d.atTime(t));
        }
      }
    }
    return out;
  }

  private static boolean dueOn(SigPhase phase, Frequency f, LocalDate anchor, LocalDate d) {
    boolean dayOk = phase.daysOfWeek().isEmpty() || phase.daysOfWeek().contains(d.getDayOfWeek());
    return switch (f.unit()) {
      case "d" -> dayOk && Math.floorMod(ChronoUnit.DAYS.between(anchor, d), f.period()) == 0;
      case "wk" -> {
        long weeks = Math.floorDiv(ChronoUnit.DAYS.between(anchor.with(DayOfWeek.MONDAY), d.with(DayOfWeek.MONDAY)), 7);
        boolean weekOk = Math.floorMod(weeks, f.period()) == 0;
        yield weekOk && (phase.daysOfWeek().isEmpty() ? d.getDayOfWeek() == anchor.getDayOfWeek() : dayOk);
      }
      case "mo" -> {
        long months = ChronoUnit.MONTHS.between(anchor.withDayOfMonth(1), d.withDayOfMonth(1));
        int dom = Math.min(anchor.getDayOfMonth(), d.lengthOfMonth());
        yield Math.floorMod(months, f.period()) == 0 && d.getDayOfMonth() == dom && dayOk;
      }
      default -> false;
    };
  }

  /** The clock times of a dosing day. */
  private List<LocalTime> dayTimes(SigPhase phase) {
    if (!phase.timesOfDay().isEmpty()) {
      return phase.timesOfDay();
    }
    List<LocalTime> out = new ArrayList<>();
    List<String> codes = phase.slots().isEmpty() ? dayCodes(phase) : phase.slots().stream().map(Slot::when).toList();
    if (codes.isEmpty()) {
      int n = phase.frequency() == null ? 1 : perDosingDay(phase.frequency(), phase);
      LocalTime morning = times.of("MORN", null);
      long gap = 24 * 60L / n;
      for (int k = 0; k < n; k++) {
        out.add(morning.plusMinutes(k * gap));
      }
      return out;
    }
    for (String code : codes) {
      LocalTime t = times.of(code, phase.offsetMinutes());
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** Codes for a count per day without times: the usual spread, or the meals when a meal relation is given. */
  private static List<String> dayCodes(SigPhase phase) {
    Frequency f = phase.frequency();
    if (f == null) {
      return List.of();
    }
    int n = perDosingDay(f, phase);
    String generic = phase.genericWhen();
    if (generic != null && n <= MEALS.size()) {
      String prefix = generic.equals("C") ? "C" : generic;
      return MEALS.get(n - 1).stream().map(m -> prefix + m).toList();
    }
    if (generic == null && n <= SPREAD.size()) {
      return SPREAD.get(n - 1);
    }
    return List.of();
  }

  /** Doses on a day the medicine is due: the count per day, or one for weekly and monthly regimens. */
  private static int perDosingDay(Frequency f, SigPhase phase) {
    return f.unit().equals("d") ? f.count() : 1;
  }

  private static LocalDateTime plus(LocalDateTime t, SigPhase.Span span) {
    return switch (span.unit()) {
      case "wk" -> t.plusWeeks(span.value());
      case "mo" -> t.plusMonths(span.value());
      default -> t.plusDays(span.value());
    };
  }

  private static @Nullable LocalDateTime earlier(@Nullable LocalDateTime a, @Nullable LocalDateTime b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
