package vn.sen.app.companion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.fhir.core.FhirException;

/**
 * {@link DoseSchedules#expectedDoses} reads the current record through the repository: a change made
 * through the FHIR API shows in the very next computation.
 */
@ExtendWith(SenServer.class)
class DoseSchedulesTest {
  private static final Instant FROM = Instant.parse("2026-03-01T17:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T17:00:00Z");

  @Test
  void schedulesFollowChangesToPrescriptionsAndDoseTimesAtOnce(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    DoseSchedules schedules = sen.context().getBean(DoseSchedules.class);
    String patient = fhir.create().resource(new Patient().setActive(true)).execute().getId().getIdPart();
    MedicationRequest mr = new MedicationRequest();
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setSubject(new Reference("Patient/" + patient));
    mr.setMedication(new Reference("Medication/med-losartan").setDisplay("Losartan 50 mg"));
    mr.setAuthoredOnElement(new DateTimeType("2026-02-01"));
    mr.addDosageInstruction().setText("1v sáng");
    String mrId = fhir.create().resource(mr).execute().getId().getIdPart();

    List<ExpectedDose> doses = schedules.expectedDoses(patient, FROM, TO);
    assertThat(doses).singleElement().satisfies(d -> {
      assertThat(d.due()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
      assertThat(d.label()).isEqualTo(DoseLabel.MORNING);
      assertThat(d.medicationRequestId()).isEqualTo(mrId);
      assertThat(d.medicationDisplay()).isEqualTo("Losartan 50 mg");
    });

    Patient p = fhir.read().resource(Patient.class).withId(patient).execute();
    p.addExtension(DoseTimes.extension("MORN", LocalTime.of(6, 0)));
    update(fhir, p);
    assertThat(schedules.expectedDoses(patient, FROM, TO)).extracting(ExpectedDose::due)
        .containsExactly(Instant.parse("2026-03-01T23:00:00Z"));

    MedicationRequest changed = fhir.read().resource(MedicationRequest.class).withId(mrId).execute();
    changed.getDosageInstructionFirstRep().setText(null).getTiming().getRepeat().setFrequency(2).setPeriod(1)
        .setPeriodUnit(Timing.UnitsOfTime.D).addWhen(Timing.EventTiming.MORN).addWhen(Timing.EventTiming.EVE);
    update(fhir, changed);
    assertThat(schedules.expectedDoses(patient, FROM, TO)).hasSize(2);

    changed.setStatus(MedicationRequest.MedicationRequestStatus.ONHOLD);
    update(fhir, changed);
    assertThat(schedules.expectedDoses(patient, FROM, TO)).isEmpty();

    changed.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    update(fhir, changed);
    assertThat(schedules.expectedDoses(patient, FROM, TO)).hasSize(2);

    changed.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
    update(fhir, changed);
    assertThat(schedules.expectedDoses(patient, FROM, TO)).isEmpty();
  }

  /** An unconditional update (the client would otherwise send If-Match with the version it read). */
  private static void update(IGenericClient fhir, org.hl7.fhir.r4.model.Resource r) {
    r.setId(r.getIdElement().toUnqualifiedVersionless());
    fhir.update().resource(r).execute();
  }

  @Test
  void anUnknownPatientIsNotFound(SenServer.Running sen) {
    DoseSchedules schedules = sen.context().getBean(DoseSchedules.class);

    assertThatThrownBy(() -> schedules.expectedDoses("nobody", FROM, TO)).isInstanceOf(FhirException.class)
        .hasMessageContaining("not known");
  }
}
