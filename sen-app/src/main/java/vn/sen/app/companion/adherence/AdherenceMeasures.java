package vn.sen.app.companion.adherence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.adherence.DrugClasses.DrugClass;
import vn.sen.app.companion.adherence.ProportionOfDaysCovered.Fill;
import vn.sen.app.companion.schedule.DoseSchedules;
import vn.sen.app.companion.schedule.MedicineIdentity;
import vn.sen.app.companion.schedule.PatientResources;
import vn.sen.app.companion.schedule.PatientResources.Versioned;
import vn.sen.app.companion.schedule.PatientSchedule;
import vn.sen.app.companion.schedule.ScheduleFlags;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.WriteResult;

/**
 * Computes a patient's adherence measures from the current record and, when asked, stores them: dose-level
 * adherence over 7, 30 and 90 days per medicine and overall, and PDC per class and overall over the
 * measurement period (365 days by default) ending on the day measured.
 */
public final class AdherenceMeasures {
  /** The dose-level windows, in days. */
  public static final List<Integer> WINDOWS = List.of(7, 30, 90);
  private static final String ATC = "http://www.whocc.no/atc";

  private final DoseSchedules schedules;
  private final PatientResources records;
  private final ScheduleFlags flags;
  private final Clock clock;
  private final DoseAdherence doses;
  private final int pdcDays;

  public AdherenceMeasures(DoseSchedules schedules, PatientResources records, ScheduleFlags flags, Clock clock,
      Duration onTimeWindow, int pdcDays) {
    this.schedules = schedules;
    this.records = records;
    this.flags = flags;
    this.clock = clock;
    this.doses = new DoseAdherence(onTimeWindow);
    this.pdcDays = pdcDays;
  }

  /**
   * The measures as of {@code asOf} (now when null), as a collection Bundle of Observations. With {@code
   * persist} they are written (replacing the previous ones with the same identifier) and prescriptions
   * whose instructions could not be scheduled get a review Task; otherwise nothing is written.
   */
  public Bundle measure(String patientId, @Nullable Instant asOf, boolean persist) {
    Instant now = clock.instant();
    Instant at = asOf == null ? now : asOf;
    int longest = WINDOWS.get(WINDOWS.size() - 1);
    Instant from = at.minus(Duration.ofDays(longest));
    PatientSchedule schedule = schedules.schedule(patientId, from, at, true);
    List<MedicationAdministration> administrations = records.all(patientId, "MedicationAdministration",
        MedicationAdministration.class).stream().map(Versioned::resource).toList();
    List<ScoredDose> scored = doses.score(schedule.doses(), administrations, at);
    List<Observation> out = new ArrayList<>();
    Instant tracking = trackingStart(administrations);
    for (int window : WINDOWS) {
      if (tracking == null) {
        break;
      }
      Instant start = at.minus(Duration.ofDays(window));
      start = start.isBefore(tracking) ? tracking : start;
      Map<String, DoseAdherence.Tally> tallies = DoseAdherence.perMedicine(scored, start, at);
      for (DoseAdherence.Tally t : tallies.values()) {
        out.add(AdherenceObservations.doseAdherence(patientId, window, t, start, at, now));
      }
      DoseAdherence.Tally all = DoseAdherence.overall(tallies);
      if (all.scheduled() > 0) {
        out.add(AdherenceObservations.doseAdherence(patientId, window, all, start, at, now));
      }
    }
    out.addAll(pdc(patientId, LocalDate.ofInstant(at, schedules.zone()), now));
    if (persist) {
      flags.flag(patientId, schedule.problems());
      write(out);
    }
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(java.util.Date.from(now));
    for (Observation o : out) {
      bundle.addEntry().setResource(o).setFullUrl(o.hasId() ? "Observation/" + o.getIdElement().getIdPart() : null);
    }
    return bundle;
  }

  /**
   * Dose-level measures count from the start of the day of the patient's first recorded dose: before
   * anyone recorded doses, a dose without a record says nothing. Null when there is none.
   */
  private @Nullable Instant trackingStart(List<MedicationAdministration> administrations) {
    Instant first = null;
    for (MedicationAdministration ma : administrations) {
      Instant t = DoseAdherence.time(ma);
      if (t != null && (first == null || t.isBefore(first))) {
        first = t;
      }
    }
    return first == null ? null : LocalDate.ofInstant(first, schedules.zone()).atStartOfDay(schedules.zone()).toInstant();
  }

  private List<Observation> pdc(String patientId, LocalDate end, Instant now) {
    LocalDate start = end.minusDays(pdcDays - 1L);
    ZoneId zone = schedules.zone();
    Map<String, DrugClass> classes = new LinkedHashMap<>();
    Map<String, List<Fill>> fillsByClass = new LinkedHashMap<>();
    Map<String, String> atcByClass = new HashMap<>();
    Map<String, Optional<String>> atcCache = new HashMap<>();
    for (Versioned<MedicationDispense> v : records.all(patientId, "MedicationDispense", MedicationDispense.class)) {
      MedicationDispense md = v.resource();
      Integer supply = daysSupply(md.getDaysSupply());
      Instant handed = md.hasWhenHandedOver() ? md.getWhenHandedOver().toInstant()
          : md.hasWhenPrepared() ? md.getWhenPrepared().toInstant() : null;
      if (md.getStatus() != MedicationDispense.MedicationDispenseStatus.COMPLETED || supply == null || handed == null) {
        continue;
      }
      String key = medicationKey(md);
      String atc = atcCache.computeIfAbsent(key, k -> atc(md)).orElse(null);
      DrugClass c = DrugClasses.of(atc, key, display(md));
      classes.putIfAbsent(c.key(), c);
      if (atc != null) {
        atcByClass.putIfAbsent(c.key(), atc);
      }
      fillsByClass.computeIfAbsent(c.key(), k -> new ArrayList<>())
          .add(new Fill(key, LocalDate.ofInstant(handed, zone), supply));
    }
    List<Observation> out = new ArrayList<>();
    int coveredAll = 0;
    int daysAll = 0;
    LocalDate firstIndex = null;
    for (Map.Entry<String, List<Fill>> e : fillsByClass.entrySet()) {
      Optional<ProportionOfDaysCovered.Result> r = ProportionOfDaysCovered.of(e.getValue(), start, end);
      if (r.isEmpty()) {
        continue;
      }
      DrugClass c = classes.get(e.getKey());
      ProportionOfDaysCovered.Result res = r.get();
      out.add(AdherenceObservations.pdc(patientId, c.key(), c.display(), c.atc(), res.indexDate(), end,
          res.daysCovered(), res.daysInPeriod(), DrugClasses.threshold(atcByClass.get(e.getKey())), now));
      coveredAll += res.daysCovered();
      daysAll += res.daysInPeriod();
      firstIndex = firstIndex == null || res.indexDate().isBefore(firstIndex) ? res.indexDate() : firstIndex;
    }
    if (daysAll > 0) {
      out.add(AdherenceObservations.pdc(patientId, "all", "Tất cả nhóm thuốc / All classes", null, firstIndex, end,
          coveredAll, daysAll, 0.80, now));
    }
    return out;
  }

  /**
   * Writes each Observation in place of the one with the same identifier, all in one transaction.
   * Two recomputations at once could both find none and both create: the conditional create
   * ({@code If-None-Exist}) makes the second find the first's instead.
   */
  private void write(List<Observation> observations) {
    records.store().inTransaction(tx -> {
      for (Observation o : observations) {
        String query = "identifier=" + URLEncoder.encode(
            AdherenceObservations.IDENTIFIER_SYSTEM + "|" + AdherenceObservations.value(o), StandardCharsets.UTF_8);
        var criteria = records.queries().parseConditional("Observation", query);
        List<ResourceKey> existing = tx.match(criteria, 2);
        WriteResult w = existing.isEmpty() ? tx.create(o, criteria) : null;
        if (w == null || w.kind() == WriteResult.Kind.EXISTING) {
          String id = w == null ? existing.get(0).id() : w.resource().id();
          w = update(tx, id, o);
        }
        o.setId("Observation/" + w.resource().id());
      }
      return null;
    });
  }

  private static WriteResult update(FhirTransaction tx, String id, Observation o) {
    o.setId(id);
    return tx.update("Observation", id, o, null);
  }

  private @Nullable Integer daysSupply(Quantity q) {
    if (q == null || !q.hasValue()) {
      return null;
    }
    String unit = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "d";
    int factor = switch (unit) {
      case "d", "day", "days", "ngày" -> 1;
      case "wk", "week", "weeks", "tuần" -> 7;
      case "mo", "month", "months", "tháng" -> 30;
      default -> 0;
    };
    if (factor == 0) {
      return null;
    }
    return q.getValue().intValue() * factor;
  }

  private static String medicationKey(MedicationDispense md) {
    return MedicineIdentity.key(md.hasMedicationReference() ? md.getMedicationReference() : null,
        md.hasMedicationCodeableConcept() ? md.getMedicationCodeableConcept() : null);
  }

  private static String display(MedicationDispense md) {
    return MedicineIdentity.display(md.hasMedicationReference() ? md.getMedicationReference() : null,
        md.hasMedicationCodeableConcept() ? md.getMedicationCodeableConcept() : null);
  }

  /** The ATC code: on the dispense's code, or on the Medication it refers to. */
  private Optional<String> atc(MedicationDispense md) {
    if (md.hasMedicationCodeableConcept()) {
      return atcOf(md.getMedicationCodeableConcept().getCoding());
    }
    String ref = md.getMedicationReference().getReference();
    if (ref == null || !ref.startsWith("Medication/")) {
      return Optional.empty();
    }
    return records.read("Medication", ref.substring("Medication/".length()), Medication.class)
        .flatMap(m -> atcOf(m.resource().getCode().getCoding()));
  }

  private static Optional<String> atcOf(List<Coding> codings) {
    return codings.stream().filter(c -> ATC.equals(c.getSystem()) && c.hasCode()).map(Coding::getCode).findFirst();
  }
}
