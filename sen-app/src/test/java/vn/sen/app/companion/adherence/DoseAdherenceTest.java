package vn.sen.app.companion.adherence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.schedule.DoseAmount;
import vn.sen.app.companion.schedule.DoseLabel;
import vn.sen.app.companion.schedule.ExpectedDose;

/** Dose-level adherence: on time, late, skipped, missed and pending, per medicine and overall. */
class DoseAdherenceTest {
  private final DoseAdherence adherence = new DoseAdherence(Duration.ofMinutes(60));

  private static ExpectedDose dose(String request, String medication, String due) {
    return new ExpectedDose("p1", request, medication, medication, Instant.parse(due), DoseLabel.MORNING, "MORN",
        DoseAmount.of(BigDecimal.ONE, "tab"));
  }

  private static MedicationAdministration record(String id, String request, String at,
      MedicationAdministrationStatus status) {
    MedicationAdministration ma = new MedicationAdministration();
    ma.setId("MedicationAdministration/" + id);
    ma.setStatus(status);
    if (request != null) {
      ma.setRequest(new Reference("MedicationRequest/" + request));
    }
    ma.setMedication(new Reference("Medication/metformin"));
    ma.setEffective(new DateTimeType(Date.from(Instant.parse(at))));
    return ma;
  }

  @Test
  void eachDoseEndsOnTimeLateSkippedMissedOrPending() {
    List<ExpectedDose> doses = List.of(
        dose("rx1", "Medication/metformin", "2026-03-01T00:30:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-01T12:00:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-02T00:30:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-02T12:00:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-03T00:30:00Z"));
    MedicationAdministration skipped = record("c", "rx1", "2026-03-02T00:30:00Z", MedicationAdministrationStatus.NOTDONE);
    skipped.addStatusReason().setText("Quên uống");
    List<MedicationAdministration> records = List.of(
        record("a", "rx1", "2026-03-01T00:40:00Z", MedicationAdministrationStatus.COMPLETED),
        record("b", "rx1", "2026-03-01T15:10:00Z", MedicationAdministrationStatus.COMPLETED),
        skipped,
        record("x", "rx1", "2026-03-01T00:35:00Z", MedicationAdministrationStatus.ENTEREDINERROR));

    // As of 00:50 on Mar 3, the 00:30 dose is still inside its window: pending, not missed.
    List<ScoredDose> scored = adherence.score(doses, records, Instant.parse("2026-03-03T00:50:00Z"));

    assertThat(scored).extracting(ScoredDose::outcome).containsExactly(DoseOutcome.ON_TIME, DoseOutcome.LATE,
        DoseOutcome.SKIPPED, DoseOutcome.MISSED, DoseOutcome.PENDING);
    assertThat(scored.get(0).administrationId()).isEqualTo("a");
    assertThat(scored.get(2).reason()).isEqualTo("Quên uống");
    DoseAdherence.Tally t = DoseAdherence.overall(DoseAdherence.perMedicine(scored,
        Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z")));
    assertThat(t.scheduled()).isEqualTo(4);
    assertThat(t.adherence()).isEqualTo(0.5);
  }

  @Test
  void oneRecordAnswersOneDoseTheNearest() {
    List<ExpectedDose> doses = List.of(
        dose("rx1", "Medication/metformin", "2026-03-01T00:00:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-01T04:00:00Z"));
    List<MedicationAdministration> records = List.of(
        record("a", "rx1", "2026-03-01T03:30:00Z", MedicationAdministrationStatus.COMPLETED));

    List<ScoredDose> scored = adherence.score(doses, records, Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(scored).extracting(ScoredDose::outcome).containsExactly(DoseOutcome.MISSED, DoseOutcome.ON_TIME);
  }

  @Test
  void recordsWithoutAPrescriptionMatchByMedicineAndOthersDoNot() {
    List<ExpectedDose> doses = List.of(
        dose("rx1", "Medication/metformin", "2026-03-01T00:00:00Z"),
        dose("rx2", "Medication/amlodipine", "2026-03-01T00:00:00Z"));
    List<MedicationAdministration> records = List.of(
        record("a", null, "2026-03-01T00:10:00Z", MedicationAdministrationStatus.COMPLETED),
        record("b", "rx9", "2026-03-01T00:10:00Z", MedicationAdministrationStatus.COMPLETED));

    List<ScoredDose> scored = adherence.score(doses, records, Instant.parse("2026-03-02T00:00:00Z"));
    Map<String, DoseAdherence.Tally> per = DoseAdherence.perMedicine(scored,
        Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(per.get("Medication/metformin").taken()).isEqualTo(1);
    assertThat(per.get("Medication/amlodipine").missed()).isEqualTo(1);
    assertThat(DoseAdherence.overall(per).adherence()).isEqualTo(0.5);
  }

  @Test
  void windowsCountOnlyTheirOwnDoses() {
    List<ExpectedDose> doses = List.of(
        dose("rx1", "Medication/metformin", "2026-02-01T00:00:00Z"),
        dose("rx1", "Medication/metformin", "2026-03-01T00:00:00Z"));
    List<ScoredDose> scored = adherence.score(doses, List.of(
        record("a", "rx1", "2026-03-01T00:00:00Z", MedicationAdministrationStatus.COMPLETED)),
        Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(DoseAdherence.perMedicine(scored, Instant.parse("2026-02-23T00:00:00Z"),
        Instant.parse("2026-03-02T00:00:00Z")).get("Medication/metformin").adherence()).isEqualTo(1.0);
    assertThat(DoseAdherence.perMedicine(scored, Instant.parse("2026-01-31T00:00:00Z"),
        Instant.parse("2026-03-02T00:00:00Z")).get("Medication/metformin").adherence()).isEqualTo(0.5);
  }
}
