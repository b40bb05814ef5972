package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@link RiskFeatures} from a {@link PatientHistory} as of a day (the day's own events are
 * not seen). Only patients with recorded doses in the 30 days before are scored: dose-level adherence is
 * what the model predicts, and it needs a starting point. A class is scored when a prescription for it
 * covers the day before and doses of it were scheduled in that window.
 */
final class FeatureExtractor {
  static final int WINDOW = 30;
  static final int RECENT = 7;

  /** Scheduled and taken doses of one class (or all) over a range of days. */
  record Tally(double scheduled, int taken, int outOfStock) {
    double adherence() {
      return scheduled <= 0 ? 1 : Math.min(1, taken / scheduled);
    }
  }

  List<RiskFeatures> extract(PatientHistory h, LocalDate asOf) {
    LocalDate start = h.companionStart();
    LocalDate windowStart = asOf.minusDays(WINDOW);
    if (start == null || !start.isBefore(asOf) || h.doses.stream().noneMatch(d -> inRange(d.day(), windowStart, asOf))) {
      return List.of();
    }
    LocalDate from = start.isAfter(windowStart) ? start : windowStart;
    Set<String> classes = new TreeSet<>();
    for (PatientHistory.Prescription p : h.prescriptions) {
      if (p.coversDay(asOf.minusDays(1))) {
        classes.add(p.medicineClass());
      }
    }
    Tally overall = tally(h, null, from, asOf);
    double dailyDoses = 0;
    Map<String, Tally> byClass = new HashMap<>();
    for (String c : classes) {
      Tally t = tally(h, c, from, asOf);
      if (t.scheduled() >= 1) {
        byClass.put(c, t);
        dailyDoses += dosesOn(h, c, asOf.minusDays(1));
      }
    }
    List<RiskFeatures> out = new ArrayList<>();
    for (String c : classes) {
      Tally t = byClass.get(c);
      if (t == null) {
        continue;
      }
      double[] v = new double[Feature.COUNT];
      LocalDate recentFrom = asOf.minusDays(RECENT).isAfter(from) ? asOf.minusDays(RECENT) : from;
      Tally recent = tally(h, c, recentFrom, asOf);
      Tally before = tally(h, c, from, recentFrom);
      set(v, Feature.DOSE_ADHERENCE_30D, t.adherence());
      double clipped = Math.max(0.02, Math.min(0.98, t.adherence()));
      set(v, Feature.DOSE_ADHERENCE_30D_LOGIT, Math.log(clipped / (1 - clipped)));
      set(v, Feature.DOSE_ADHERENCE_7D, recent.adherence());
      set(v, Feature.DOSE_TREND, before.scheduled() >= 1 ? recent.adherence() - before.adherence() : 0);
      set(v, Feature.OVERALL_ADHERENCE_30D, overall.adherence());
      set(v, Feature.OUT_OF_STOCK_DOSES_30D, t.outOfStock());
      Supply supply = supply(h, c, asOf);
      set(v, Feature.PDC_180D, supply.pdc());
      set(v, Feature.SUPPLY_GAP, supply.gapDays());
      set(v, Feature.LONGEST_REFILL_DELAY, supply.longestDelay());
      set(v, Feature.MEDICINES, byClass.size());
      set(v, Feature.DAILY_DOSES, dailyDoses);
      double age = h.birthDate == null ? 60 : ChronoUnit.DAYS.between(h.birthDate, asOf) / 365.25;
      set(v, Feature.AGE, age);
      set(v, Feature.AGE_80_PLUS, age >= 80 ? 1 : 0);
      set(v, Feature.AGE_UNDER_50, age < 50 ? 1 : 0);
      set(v, Feature.LONG_TERM_CONDITIONS, longTermConditions(h, asOf));
      set(v, Feature.COGNITIVE_IMPAIRMENT, hasDiagnosis(h, asOf, "F00", "F01", "F02", "F03", "G30", "F06.7") ? 1 : 0);
      set(v, Feature.DEPRESSION, hasDiagnosis(h, asOf, "F32", "F33", "F34.1") ? 1 : 0);
      set(v, Feature.SIDE_EFFECT_REPORTS, h.sideEffectReports.stream()
          .filter(d -> inRange(d, asOf.minusDays(90), asOf)).count());
      set(v, Feature.RECENT_DISCHARGE, h.discharges.stream().anyMatch(d -> inRange(d, asOf.minusDays(60), asOf)) ? 1 : 0);
      set(v, Feature.LIVES_ALONE, Boolean.TRUE.equals(h.livesAlone) ? 1 : 0);
      set(v, Feature.UNINSURED, h.insured ? 0 : 1);
      List<String> basis = new ArrayList<>();
      for (PatientHistory.Prescription p : h.prescriptions) {
        if (p.medicineClass().equals(c) && p.coversDay(asOf.minusDays(1))) {
          basis.add(p.id());
        }
      }
      out.add(new RiskFeatures(h.patientId(), c, asOf, v, List.copyOf(basis)));
    }
    return out;
  }

  /** Dose-level adherence of one class over [from, to): what the label of a training row is made of. */
  Tally tally(PatientHistory h, @Nullable String medicineClass, LocalDate from, LocalDate to) {
    double scheduled = 0;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      scheduled += medicineClass == null ? dosesOnAll(h, d) : dosesOn(h, medicineClass, d);
    }
    int taken = 0;
    int outOfStock = 0;
    for (PatientHistory.Dose dose : h.doses) {
      if ((medicineClass == null || dose.medicineClass().equals(medicineClass)) && inRange(dose.day(), from, to)) {
        taken += dose.taken() ? 1 : 0;
        outOfStock += dose.outOfStock() ? 1 : 0;
      }
    }
    return new Tally(scheduled, taken, outOfStock);
  }

  /** Doses of a class due on a day: per medication, the latest prescription covering the day. */
  private static double dosesOn(PatientHistory h, String medicineClass, LocalDate day) {
    Map<String, PatientHistory.Prescription> current = new HashMap<>();
    for (PatientHistory.Prescription p : h.prescriptions) {
      if (p.medicineClass().equals(medicineClass) && p.coversDay(day)) {
        current.merge(p.medication(), p, (a, b) -> a.authoredOn().isAfter(b.authoredOn()) ? a : b);
      }
    }
    return current.values().stream().mapToDouble(PatientHistory.Prescription::dosesPerDay).sum();
  }

  private static double dosesOnAll(PatientHistory h, LocalDate day) {
    Set<String> classes = new LinkedHashSet<>();
    h.prescriptions.forEach(p -> classes.add(p.medicineClass()));
    double sum = 0;
    for (String c : classes) {
      sum += dosesOn(h, c, day);
    }
    return sum;
  }

  /** Refill-based measures of one class. */
  record Supply(double pdc, double gapDays, double longestDelay) {}

  /**
   * PDC over the 180 days before {@code asOf} (or since the first dispense): dispensed days as a union,
   * an early refill's days shifted to start when the earlier supply ends, clipped to the window (PQA);
   * the days since supply ran out; the longest delay between a supply's end and the next refill in a year.
   */
  static Supply supply(PatientHistory h, String medicineClass, LocalDate asOf) {
    List<PatientHistory.Dispense> fills = h.dispenses.stream()
        .filter(d -> d.medicineClass().equals(medicineClass) && d.day().isBefore(asOf))
        .sorted((a, b) -> a.day().compareTo(b.day())).toList();
    if (fills.isEmpty()) {
      return new Supply(0, WINDOW, 0);
    }
    LocalDate windowStart = asOf.minusDays(180);
    LocalDate first = fills.getFirst().day();
    LocalDate from = first.isAfter(windowStart) ? first : windowStart;
    long covered = 0;
    long longestDelay = 0;
    LocalDate supplyEnd = null;
    for (PatientHistory.Dispense f : fills) {
      LocalDate begin = supplyEnd != null && supplyEnd.isAfter(f.day()) ? supplyEnd : f.day();
      if (supplyEnd != null && f.day().isAfter(supplyEnd) && !f.day().isBefore(asOf.minusDays(365))) {
        longestDelay = Math.max(longestDelay, ChronoUnit.DAYS.between(supplyEnd, f.day()));
      }
      LocalDate end = begin.plusDays(f.daysSupply());
      LocalDate clipBegin = begin.isBefore(from) ? from : begin;
      LocalDate clipEnd = end.isAfter(asOf) ? asOf : end;
      if (clipEnd.isAfter(clipBegin)) {
        covered += ChronoUnit.DAYS.between(clipBegin, clipEnd);
      }
      supplyEnd = end;
    }
    long days = Math.max(1, ChronoUnit.DAYS.between(from, asOf));
    double gap = supplyEnd.isBefore(asOf) ? Math.min(60, ChronoUnit.DAYS.between(supplyEnd, asOf)) : 0;
    return new Supply(Math.min(1, (double) covered / days), gap, Math.min(180, longestDelay));
  }

  private static int longTermConditions(PatientHistory h, LocalDate asOf) {
    Set<String> blocks = new TreeSet<>();
    for (PatientHistory.Diagnosis d : h.diagnoses) {
      if (d.activeOn(asOf)) {
        blocks.add(d.icd10().length() >= 3 ? d.icd10().substring(0, 3) : d.icd10());
      }
    }
    return blocks.size();
  }

  private static boolean hasDiagnosis(PatientHistory h, LocalDate asOf, String... prefixes) {
    for (PatientHistory.Diagnosis d : h.diagnoses) {
      if (!d.activeOn(asOf)) {
        continue;
      }
      for (String p : prefixes) {
        if (d.icd10().startsWith(p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inRange(LocalDate day, LocalDate from, LocalDate to) {
    return !day.isBefore(from) && day.isBefore(to);
  }

  private static void set(double[] v, Feature f, double value) {
    v[f.ordinal()] = value;
  }
}
