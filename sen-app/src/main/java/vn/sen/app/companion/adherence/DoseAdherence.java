package vn.sen.app.companion.adherence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.ExpectedDose;
import vn.sen.app.companion.schedule.MedicineIdentity;

/**
 * Dose-level adherence: each expected dose is matched with the MedicationAdministration that answers it
 * (same prescription, or the same medicine when the record names no prescription; the nearest in time,
 * at most {@link #MATCH_LIMIT} away), then counted as on time (within the window either side of its due
 * time), late (taken outside the window), skipped ({@code not-done}, with the reason) or missed (no
 * record). Adherence = doses taken (on time or late) / doses scheduled, per medicine and overall. A pure
 * function of its inputs.
 */
public final class DoseAdherence {
  /** The furthest a record may be from a dose and still answer it. */
  public static final Duration MATCH_LIMIT = Duration.ofHours(12);

  /** Counts of one medicine (or of all) over one window. */
  public record Tally(String medication, String display, int onTime, int late, int skipped, int missed) {
    public int scheduled() {
      return onTime + late + skipped + missed;
    }

    public int taken() {
      return onTime + late;
    }

    /** Taken / scheduled; NaN when nothing was scheduled. */
    public double adherence() {
      return scheduled() == 0 ? Double.NaN : (double) taken() / scheduled();
    }

    Tally plus(DoseOutcome o) {
      return new Tally(medication, display, onTime + (o == DoseOutcome.ON_TIME ? 1 : 0),
          late + (o == DoseOutcome.LATE ? 1 : 0), skipped + (o == DoseOutcome.SKIPPED ? 1 : 0),
          missed + (o == DoseOutcome.MISSED ? 1 : 0));
    }
  }

  private final Duration onTimeWindow;

  /** @param onTimeWindow how far either side of the due time a dose is still on time */
  public DoseAdherence(Duration onTimeWindow) {
    this.onTimeWindow = onTimeWindow;
  }

  /** Every dose due before {@code asOf}, with its outcome. */
  public List<ScoredDose> score(List<ExpectedDose> doses, List<MedicationAdministration> records, Instant asOf) {
    List<ExpectedDose> due = doses.stream().filter(d -> d.due().isBefore(asOf)).toList();
    record Pair(int dose, int record, long distance) {}
    List<Pair> pairs = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (int r = 0; r < records.size(); r++) {
      times.add(time(records.get(r)));
    }
    for (int d = 0; d < due.size(); d++) {
      for (int r = 0; r < records.size(); r++) {
        MedicationAdministration ma = records.get(r);
        Instant at = times.get(r);
        if (at != null && counts(ma) && answers(ma, due.get(d))) {
          long distance = Math.abs(Duration.between(due.get(d).due(), at).toSeconds());
          if (distance <= MATCH_LIMIT.toSeconds()) {
            pairs.add(new Pair(d, r, distance));
          }
        }
      }
    }
    // Nearest pairs first: each record answers at most one dose and each dose takes at most one record.
    pairs.sort(Comparator.comparingLong(Pair::distance).thenComparingInt(Pair::dose));
    Map<Integer, Integer> recordOf = new HashMap<>();
    boolean[] used = new boolean[records.size()];
    for (Pair p : pairs) {
      if (!recordOf.containsKey(p.dose()) && !used[p.record()]) {
        recordOf.put(p.dose(), p.record());
        used[p.record()] = true;
      }
    }
    List<ScoredDose> out = new ArrayList<>();
    for (int d = 0; d < due.size(); d++) {
      ExpectedDose dose = due.get(d);
      Integer r = recordOf.get(d);
      if (r == null) {
        boolean judged = dose.due().plus(onTimeWindow).isBefore(asOf);
        out.add(new ScoredDose(dose, judged ? DoseOutcome.MISSED : DoseOutcome.PENDING, null, null));
        continue;
      }
      MedicationAdministration ma = records.get(r);
      String id = ma.getIdElement().getIdPart();
      if (ma.getStatus() == MedicationAdministrationStatus.NOTDONE) {
        out.add(new ScoredDose(dose, DoseOutcome.SKIPPED, id, reason(ma)));
      } else {
        long distance = Math.abs(Duration.between(dose.due(), times.get(r)).toSeconds());
        out.add(new ScoredDose(dose, distance <= onTimeWindow.toSeconds() ? DoseOutcome.ON_TIME : DoseOutcome.LATE,
            id, null));
      }
    }
    return out;
  }

  /** Tallies per medicine (in first-seen order) for doses due in [{@code from}, {@code to}). */
  public static Map<String, Tally> perMedicine(List<ScoredDose> scored, Instant from, Instant to) {
    Map<String, Tally> out = new LinkedHashMap<>();
    for (ScoredDose s : scored) {
      if (s.outcome() == DoseOutcome.PENDING || s.dose().due().isBefore(from) || !s.dose().due().isBefore(to)) {
        continue;
      }
      ExpectedDose d = s.dose();
      out.merge(d.medication(), new Tally(d.medication(), d.medicationDisplay(), 0, 0, 0, 0).plus(s.outcome()),
          (a, b) -> a.plus(s.outcome()));
    }
    return out;
  }

  /** The sum over all medicines. */
  public static Tally overall(Map<String, Tally> perMedicine) {
    int onTime = 0;
    int late = 0;
    int skipped = 0;
    int missed = 0;
    for (Tally t : perMedicine.values()) {
      onTime += t.onTime();
      late += t.late();
      skipped += t.skipped();
      missed += t.missed();
    }
    return new Tally("all", "Tất cả thuốc / All medicines", onTime, late, skipped, missed);
  }

  /** Completed and not-done records answer doses; entered-in-error, stopped and unknown ones do not. */
  private static boolean counts(MedicationAdministration ma) {
    return ma.getStatus() == MedicationAdministrationStatus.COMPLETED
        || ma.getStatus() == MedicationAdministrationStatus.INPROGRESS
        || ma.getStatus() == MedicationAdministrationStatus.NOTDONE;
  }

  private static boolean answers(MedicationAdministration ma, ExpectedDose dose) {
    String request = ma.getRequest().getReference();
    if (request != null) {
      return request.equals("MedicationRequest/" + dose.medicationRequestId())
          || request.endsWith("/MedicationRequest/" + dose.medicationRequestId());
    }
    return dose.medication().equals(medicationKey(ma));
  }

  static String medicationKey(MedicationAdministration ma) {
    return MedicineIdentity.key(ma.hasMedicationReference() ? ma.getMedicationReference() : null,
        ma.hasMedicationCodeableConcept() ? ma.getMedicationCodeableConcept() : null);
  }

  /** When it was given: effectiveDateTime, or the start of effectivePeriod. */
  static @Nullable Instant time(MedicationAdministration ma) {
    if (ma.hasEffectiveDateTimeType() && ma.getEffectiveDateTimeType().getValue() != null) {
      return ma.getEffectiveDateTimeType().getValue().toInstant();
    }
    if (ma.hasEffectivePeriod() && ma.getEffectivePeriod().getStart() != null) {
      return ma.getEffectivePeriod().getStart().toInstant();
    }
    return null;
  }

  private static @Nullable String reason(MedicationAdministration ma) {
    if (!ma.hasStatusReason()) {
      return null;
    }
    var c = ma.getStatusReasonFirstRep();
    return c.hasText() ? c.getText() : c.getCodingFirstRep().hasDisplay() ? c.getCodingFirstRep().getDisplay()
        : c.getCodingFirstRep().getCode();
  }
}
