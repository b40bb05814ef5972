package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.TimingRepeatComponent;
import org.hl7.fhir.r4.model.TimeType;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.SigPhase.Frequency;
import vn.sen.app.companion.schedule.SigPhase.Slot;
import vn.sen.app.companion.schedule.SigPhase.Span;

/**
 * Turns a MedicationRequest into a {@link Regimen}: structured FHIR Timing when the dosage has one,
 * otherwise its free text through {@link SigParser}. Only active orders and plans are scheduled; a
 * prescription on hold, stopped, completed, cancelled or only a proposal has no expected doses.
 */
final class RegimenReader {
  /** Intents that mean the patient is to take it (a discharge medication list is often a plan). */
  private static final Set<MedicationRequestIntent> SCHEDULED_INTENTS = EnumSet.of(
      MedicationRequestIntent.ORDER, MedicationRequestIntent.ORIGINALORDER, MedicationRequestIntent.REFLEXORDER,
      MedicationRequestIntent.FILLERORDER, MedicationRequestIntent.INSTANCEORDER, MedicationRequestIntent.PLAN);
  private static final Map<String, String> UCUM_UNITS = Map.of(
      "{tbl}", "tab", "{tablet}", "tab", "{capsule}", "cap", "{puff}", "puff", "mL", "ml", "[iU]", "IU",
      "[IU]", "IU", "mg", "mg", "{drop}", "drop", "{sachet}", "sachet");
  private static final Map<String, String> WORD_UNITS = Map.of(
      "vien", "tab", "viên", "tab", "nhát", "puff", "nhat", "puff", "gói", "sachet", "ống", "amp", "giọt", "drop");
  private static final Map<String, Frequency> TIMING_CODES = Map.ofEntries(
      Map.entry("BID", new Frequency(2, 1, "d")), Map.entry("TID", new Frequency(3, 1, "d")),
      Map.entry("QID", new Frequency(4, 1, "d")), Map.entry("QD", new Frequency(1, 1, "d")),
      Map.entry("QOD", new Frequency(1, 2, "d")), Map.entry("AM", new Frequency(1, 1, "d")),
      Map.entry("PM", new Frequency(1, 1, "d")), Map.entry("BED", new Frequency(1, 1, "d")),
      Map.entry("WK", new Frequency(1, 1, "wk")), Map.entry("MO", new Frequency(1, 1, "mo")),
      Map.entry("Q4H", new Frequency(1, 4, "h")), Map.entry("Q6H", new Frequency(1, 6, "h")),
      Map.entry("Q8H", new Frequency(1, 8, "h")), Map.entry("Q3H", new Frequency(1, 3, "h")),
      Map.entry("Q2H", new Frequency(1, 2, "h")));

  /** What became of one prescription. */
  sealed interface Outcome permits Scheduled, NotScheduled, Problem {}

  record Scheduled(Regimen regimen) implements Outcome {}

  /** Nothing to take on a schedule: not active, not an order, or only as needed. */
  record NotScheduled(String why) implements Outcome {}

  record Problem(String reason) implements Outcome {}

  private final SigParser parser;
  private final ZoneId zone;

  RegimenReader(SigParser parser, ZoneId zone) {
    this.parser = parser;
    this.zone = zone;
  }

  /**
   * @param past also lay out completed prescriptions up to the end of their validity (for measuring
   *     adherence over past weeks), not only active ones
   */
  Outcome read(MedicationRequest mr, String medication, String display, boolean past) {
    LocalDateTime end = null;
    if (past && mr.getStatus() == MedicationRequestStatus.COMPLETED) {
      Period validity = mr.getDispenseRequest().getValidityPeriod();
      if (!validity.hasEnd()) {
        return new NotScheduled("completed without a validity end");
      }
      try {
        end = local(validity.getEndElement()).plusDays(
            validity.getEndElement().getPrecision() == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY ? 1 : 0);
      } catch (Unschedulable e) {
        return new NotScheduled(e.getMessage());
      }
    } else if (mr.getStatus() != MedicationRequestStatus.ACTIVE) {
      return new NotScheduled("status " + (mr.getStatus() == null ? "missing" : mr.getStatus().toCode()));
    }
    if (!SCHEDULED_INTENTS.contains(mr.getIntent()) || mr.getDoNotPerform()) {
      return new NotScheduled("not an order to take it");
    }
    if (mr.getDosageInstruction().isEmpty()) {
      return new Problem("no dosage instruction");
    }
    List<Regimen.Step> steps = new ArrayList<>();
    try {
      for (List<Dosage> group : bySequence(mr.getDosageInstruction())) {
        steps.addAll(steps(group));
      }
    } catch (Unschedulable e) {
      return new Problem(e.getMessage());
    }
    if (steps.stream().allMatch(s -> s.parts().stream().allMatch(p -> p.phase().asNeeded()))) {
      return new NotScheduled("only as needed");
    }
    Start start;
    try {
      start = start(mr);
    } catch (Unschedulable e) {
      return new Problem(e.getMessage());
    }
    for (int k = 0; k < steps.size(); k++) {
      Regimen.Step s = steps.get(k);
      if (k < steps.size() - 1 && s.duration() == null) {
        return new Problem("a dosage step before the last without its length");
      }
      if (start == null && needsStart(s, steps.size())) {
        return new Problem("no start date (authoredOn or bounds) for a schedule that needs one");
      }
    }
    return new Scheduled(new Regimen(mr.getIdPart(), medication, display, steps,
        start == null ? null : start.at(), start != null && start.moment(), end));
  }

  private static boolean needsStart(Regimen.Step s, int stepCount) {
    if (stepCount > 1 || s.duration() != null) {
      return true;
    }
    for (Regimen.Part p : s.parts()) {
      Frequency f = p.phase().frequency();
      if (p.count() != null || f != null && (!f.unit().equals("d") || f.period() != 1)) {
        return true;
      }
    }
    return false;
  }

  /** Dosages grouped by sequence in order; the same sequence (or none) means taken together. */
  private static List<List<Dosage>> bySequence(List<Dosage> dosages) {
    TreeMap<Integer, List<Dosage>> groups = new TreeMap<>();
    for (Dosage d : dosages) {
      groups.computeIfAbsent(d.hasSequence() ? d.getSequence() : 0, k -> new ArrayList<>()).add(d);
    }
    return new ArrayList<>(groups.values());
  }

  private List<Regimen.Step> steps(List<Dosage> group) {
    if (group.size() == 1) {
      Dosage d = group.get(0);
      if (!structured(d)) {
        List<SigPhase> phases = fromText(d);
        List<Regimen.Step> out = new ArrayList<>();
        for (SigPhase p : phases) {
          checkShape(p);
          out.add(new Regimen.Step(List.of(new Regimen.Part(p, null, null)), p.duration()));
        }
        return out;
      }
    }
    List<Regimen.Part> parts = new ArrayList<>();
    Span duration = null;
    for (Dosage d : group) {
      Regimen.Part part;
      if (structured(d)) {
        part = fromTiming(d);
      } else {
        List<SigPhase> phases = fromText(d);
        if (phases.size() != 1) {
          throw new Unschedulable("a tapering text among dosages taken together");
        }
        part = new Regimen.Part(phases.get(0), null, null);
      }
      checkShape(part.phase());
      if (part.phase().duration() != null) {
        if (duration != null && !duration.equals(part.phase().duration())) {
          throw new Unschedulable("dosages taken together with different lengths");
        }
        duration = part.phase().duration();
      }
      parts.add(part);
    }
    return List.of(new Regimen.Step(parts, duration));
  }

  private static boolean structured(Dosage d) {
    Timing t = d.getTiming();
    TimingRepeatComponent r = t.getRepeat();
    return r.hasFrequency() || r.hasPeriod() || r.hasWhen() || r.hasTimeOfDay() || t.getCode().hasCoding()
        || d.hasAsNeeded() && !d.hasText();
  }

  private List<SigPhase> fromText(Dosage d) {
    String text = d.hasText() ? d.getText() : d.getPatientInstruction();
    SigResult r = parser.parse(text);
    if (r instanceof SigResult.Unparsed u) {
      throw new Unschedulable("instruction not understood: " + u.reason());
    }
    return ((SigResult.Parsed) r).phases();
  }

  private Regimen.Part fromTiming(Dosage d) {
    Timing timing = d.getTiming();
    TimingRepeatComponent r = timing.getRepeat();
    Frequency frequency = null;
    if (r.hasFrequency() || r.hasPeriod()) {
      if (r.hasPeriodMax() || r.hasFrequencyMax() && !asNeeded(d)) {
        throw new Unschedulable("a range of frequencies (frequencyMax or periodMax)");
      }
      String unit = r.hasPeriodUnit() ? r.getPeriodUnit().toCode() : "d";
      if (!Set.of("h", "d", "wk", "mo").contains(unit)) {
        throw new Unschedulable("a period in " + unit);
      }
      BigDecimal period = r.hasPeriod() ? r.getPeriod() : BigDecimal.ONE;
      if (period.stripTrailingZeros().scale() > 0 || period.signum() <= 0) {
        throw new Unschedulable("a period that is not a whole number");
      }
      frequency = new Frequency(r.hasFrequency() ? r.getFrequency() : 1, period.intValueExact(), unit);
    }
    List<Slot> slots = new ArrayList<>();
    String generic = null;
    for (Enumeration<Timing.EventTiming> w : r.getWhen()) {
      String code = w.getCode();
      if (Set.of("AC", "PC", "C").contains(code)) {
        generic = code;
      } else if (EventTimings.label(code) != null) {
        slots.add(new Slot(code, null));
      } else {
        throw new Unschedulable("an event timing Sen does not schedule: " + code);
      }
    }
    if (generic != null && !slots.isEmpty()) {
      throw new Unschedulable("a meal relation together with times of day");
    }
    slots.sort(java.util.Comparator.comparingInt(s -> EventTimings.order(s.when())));
    if (frequency == null) {
      Coding code = timing.getCode().getCodingFirstRep();
      frequency = TIMING_CODES.get(code.getCode());
      if (frequency == null && !slots.isEmpty()) {
        frequency = new Frequency(slots.size(), 1, "d");
      }
      if (frequency == null && r.hasTimeOfDay()) {
        frequency = new Frequency(r.getTimeOfDay().size(), 1, "d");
      }
      if ("AM".equals(code.getCode())) {
        slots.add(new Slot("MORN", null));
      } else if ("PM".equals(code.getCode())) {
        slots.add(new Slot("EVE", null));
      } else if ("BED".equals(code.getCode())) {
        slots.add(new Slot("HS", null));
      }
    }
    List<java.time.LocalTime> times = new ArrayList<>();
    for (TimeType t : r.getTimeOfDay()) {
      times.add(java.time.LocalTime.parse(t.getValue()));
    }
    times.sort(null);
    Set<java.time.DayOfWeek> days = EnumSet.noneOf(java.time.DayOfWeek.class);
    for (Enumeration<Timing.DayOfWeek> dow : r.getDayOfWeek()) {
      days.add(java.time.DayOfWeek.valueOf(dow.getValue().getDisplay().toUpperCase(java.util.Locale.ROOT)));
    }
    Span duration = r.hasBoundsDuration() ? span(r.getBoundsDuration()) : null;
    boolean asNeeded = asNeeded(d);
    SigPhase phase = new SigPhase(amount(d), slots, frequency, generic, times,
        r.hasOffset() ? r.getOffset() : null, days, duration, asNeeded, List.of(), null, null, null);
    LocalDateTime end = r.hasBoundsPeriod() && r.getBoundsPeriod().hasEnd()
        ? local(r.getBoundsPeriod().getEndElement()) : null;
    return new Regimen.Part(phase, end, r.hasCount() ? r.getCount() : null);
  }

  private static boolean asNeeded(Dosage d) {
    return d.hasAsNeededCodeableConcept()
        || d.hasAsNeededBooleanType() && Boolean.TRUE.equals(d.getAsNeededBooleanType().getValue());
  }

  private static Span span(Duration d) {
    String code = d.hasCode() ? d.getCode() : d.getUnit();
    String unit = code == null ? "" : switch (code) {
      case "d", "day", "days", "ngày" -> "d";
      case "wk", "week", "weeks", "tuần" -> "wk";
      case "mo", "month", "months", "tháng" -> "mo";
      default -> "";
    };
    if (unit.isEmpty() || !d.hasValue() || d.getValue().stripTrailingZeros().scale() > 0) {
      throw new Unschedulable("a bounds duration Sen cannot lay out");
    }
    return new Span(d.getValue().intValueExact(), unit);
  }

  private static @Nullable DoseAmount amount(Dosage d) {
    if (!d.hasDoseAndRate()) {
      return null;
    }
    Dosage.DosageDoseAndRateComponent dr = d.getDoseAndRateFirstRep();
    if (dr.hasDoseQuantity()) {
      Quantity q = dr.getDoseQuantity();
      return q.hasValue() ? DoseAmount.of(q.getValue(), unit(q)) : null;
    }
    if (dr.hasDoseRange()) {
      Range range = dr.getDoseRange();
      return new DoseAmount(range.getLow().getValue(), range.getHigh().getValue(), unit(range.getLow()));
    }
    return null;
  }

  private static @Nullable String unit(Quantity q) {
    if (q.hasCode() && UCUM_UNITS.containsKey(q.getCode())) {
      return UCUM_UNITS.get(q.getCode());
    }
    if (q.hasUnit()) {
      return WORD_UNITS.getOrDefault(q.getUnit().toLowerCase(java.util.Locale.ROOT), q.getUnit());
    }
    return null;
  }

  /** Shapes the calendar cannot lay out without guessing. */
  private static void checkShape(SigPhase p) {
    Frequency f = p.frequency();
    if (f == null || p.asNeeded()) {
      return;
    }
    boolean timed = !p.slots().isEmpty() || !p.timesOfDay().isEmpty();
    switch (f.unit()) {
      case "d" -> {
        if (!p.slots().isEmpty() && p.slots().size() != f.count()) {
          throw new Unschedulable("a frequency that differs from the number of times of day");
        }
        if (f.period() > 1 && f.count() > 1) {
          throw new Unschedulable("several doses every " + f.period() + " days");
        }
      }
      case "wk" -> {
        if (f.count() > 1 && p.daysOfWeek().size() != f.count()) {
          throw new Unschedulable("several doses a week without their days");
        }
      }
      case "mo" -> {
        if (f.count() > 1) {
          throw new Unschedulable("several doses a month");
        }
      }
      case "h" -> {
        if (timed) {
          throw new Unschedulable("an interval in hours together with times of day");
        }
      }
      default -> throw new Unschedulable("a period in " + f.unit());
    }
  }

  private record Start(LocalDateTime at, boolean moment) {}

  private @Nullable Start start(MedicationRequest mr) {
    for (Dosage d : mr.getDosageInstruction()) {
      TimingRepeatComponent r = d.getTiming().getRepeat();
      if (r.hasBoundsPeriod() && r.getBoundsPeriod().hasStart()) {
        return startOf(r.getBoundsPeriod().getStartElement());
      }
    }
    if (mr.getDispenseRequest().getValidityPeriod().hasStart()) {
      return startOf(mr.getDispenseRequest().getValidityPeriod().getStartElement());
    }
    return mr.hasAuthoredOn() ? startOf(mr.getAuthoredOnElement()) : null;
  }

  private Start startOf(BaseDateTimeType t) {
    return new Start(local(t), t.getPrecision().ordinal() > ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal());
  }

  /** A date is the start of that day where the patient lives; a dateTime is that moment there. */
  private LocalDateTime local(BaseDateTimeType t) {
    if (t.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
      throw new Unschedulable("a start or end without its day");
    }
    if (t.getPrecision() == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
      return java.time.LocalDate.of(t.getYear(), t.getMonth() + 1, t.getDay()).atStartOfDay();
    }
    return LocalDateTime.ofInstant(t.getValue().toInstant(), zone);
  }

  /** A prescription shape that cannot be laid out on a calendar without guessing. */
  static final class Unschedulable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unschedulable(String reason) {
      super(reason, null, false, false);
    }
  }
}
