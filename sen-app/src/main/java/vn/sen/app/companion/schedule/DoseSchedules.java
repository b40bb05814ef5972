package vn.sen.app.companion.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.PatientResources.Versioned;
import vn.sen.fhir.core.FhirException;

/**
 * The companion's API for dose schedules: a patient's expected doses between two instants, computed on
 * demand from the current record (the Patient's own dose times and every MedicationRequest), so that a
 * new, changed, paused or stopped prescription changes the next answer at once. Other companion parts
 * (reminders, pages, adherence) call {@link #expectedDoses}.
 *
 * <p>Time zone: Asia/Ho_Chi_Minh unless configured (Vietnam has no daylight saving time, so local
 * times map to instants one to one).
 */
public final class DoseSchedules {
  /** Vietnam's time zone, the default. */
  public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  private final PatientResources records;
  private final SigParser parser;
  private final ZoneId zone;

  public DoseSchedules(PatientResources records, SigParser parser, ZoneId zone) {
    this.records = records;
    this.parser = parser;
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The doses of {@code patientId} due in [{@code from}, {@code to}), in time order. */
  public List<ExpectedDose> expectedDoses(String patientId, Instant from, Instant to) {
    return schedule(patientId, from, to).doses();
  }

  /**
   * The doses and the prescriptions that could not be scheduled.
   *
   * @throws FhirException NOT_FOUND when the patient does not exist
   */
  public PatientSchedule schedule(String patientId, Instant from, Instant to) {
    return schedule(patientId, from, to, false);
  }

  /**
   * As {@link #schedule}, and with {@code past} also the doses completed prescriptions asked for while
   * they were valid (for adherence over past weeks; a prescription renewed each month is completed
   * when the next one starts).
   */
  public PatientSchedule schedule(String patientId, Instant from, Instant to, boolean past) {
    if (!from.isBefore(to)) {
      throw FhirException.invalid("The end of the range must be after its start");
    }
    Patient patient = records.read("Patient", patientId, Patient.class)
        .orElseThrow(() -> FhirException.notFound("Patient", patientId)).resource();
    List<Versioned<MedicationRequest>> requests = records.all(patientId, "MedicationRequest", MedicationRequest.class);
    return compute(patientId, patient, requests, parser, zone, from, to, past);
  }

  /** The pure function behind {@link #schedule}: the same record always gives the same doses. */
  public static PatientSchedule compute(String patientId, @Nullable Patient patient,
      List<Versioned<MedicationRequest>> requests, SigParser parser, ZoneId zone, Instant from, Instant to) {
    return compute(patientId, patient, requests, parser, zone, from, to, false);
  }

  /** With {@code past}, completed prescriptions count until the end of their validity. */
  public static PatientSchedule compute(String patientId, @Nullable Patient patient,
      List<Versioned<MedicationRequest>> requests, SigParser parser, ZoneId zone, Instant from, Instant to,
      boolean past) {
    DoseSchedule calendar = new DoseSchedule(zone, patient == null ? DoseTimes.defaults() : DoseTimes.of(patient));
    RegimenReader reader = new RegimenReader(parser, zone);
    List<ExpectedDose> doses = new ArrayList<>();
    List<ScheduleProblem> problems = new ArrayList<>();
    for (Versioned<MedicationRequest> v : requests) {
      MedicationRequest mr = v.resource();
      RegimenReader.Outcome outcome = reader.read(mr, medicationKey(mr), medicationDisplay(mr), past);
      switch (outcome) {
        case RegimenReader.Scheduled s -> doses.addAll(calendar.doses(patientId, s.regimen(), from, to));
        case RegimenReader.Problem p when mr.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE -> { }
        case RegimenReader.Problem p -> problems.add(new ScheduleProblem(mr.getIdElement().getIdPart(),
            v.versionId(), mr.getRequester().getReference(), p.reason()));
        case RegimenReader.NotScheduled n -> { }
      }
    }
    doses.sort(Comparator.comparing(ExpectedDose::due).thenComparing(ExpectedDose::medicationRequestId));
    return new PatientSchedule(patientId, doses, problems);
  }

  /** What identifies the medicine across prescriptions: the Medication reference or its first coding. */
  public static String medicationKey(MedicationRequest mr) {
    String key = MedicineIdentity.key(mr.hasMedicationReference() ? mr.getMedicationReference() : null,
        mr.hasMedicationCodeableConcept() ? mr.getMedicationCodeableConcept() : null);
    return key.isEmpty() ? "MedicationRequest/" + mr.getIdElement().getIdPart() : key;
  }

  public static String medicationDisplay(MedicationRequest mr) {
    return MedicineIdentity.display(mr.hasMedicationReference() ? mr.getMedicationReference() : null,
        mr.hasMedicationCodeableConcept() ? mr.getMedicationCodeableConcept() : null);
  }
}
