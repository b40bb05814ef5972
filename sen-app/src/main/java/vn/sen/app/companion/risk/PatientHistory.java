package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the record says about one patient's medicine-taking, reduced to the facts the risk model reads.
 * Dates are local calendar dates (Asia/Ho_Chi_Minh, as written in the record). A medicine class is the
 * third level of the ATC code (pharmacological subgroup, e.g. {@code C09A} ACE inhibitors), so that two
 * statins or two oral antidiabetics count as one class, as in PQA's class-level adherence.
 */
public final class PatientHistory {
  /** A prescription: from {@code authoredOn} to {@code validUntil} (open when null), doses per day. */
  public record Prescription(
      String id, String medication, String medicineClass, LocalDate authoredOn, @Nullable LocalDate validUntil,
      double dosesPerDay) {
    boolean coversDay(LocalDate day) {
      return !authoredOn.isAfter(day) && (validUntil == null || validUntil.isAfter(day));
    }
  }

  /** A dispense of {@code daysSupply} days of one class. */
  public record Dispense(String medicineClass, LocalDate day, int daysSupply) {}

  /** A recorded dose: taken (MedicationAdministration completed) or not (not-done; out of stock or not). */
  public record Dose(String medicineClass, LocalDate day, boolean taken, boolean outOfStock) {}

  /** A diagnosis by ICD-10 code, with onset and abatement when known. */
  public record Diagnosis(String icd10, @Nullable LocalDate onset, @Nullable LocalDate abated) {
    boolean activeOn(LocalDate day) {
      return (onset == null || !onset.isAfter(day)) && (abated == null || abated.isAfter(day));
    }
  }

  private final String patientId;
  @Nullable LocalDate birthDate;
  boolean insured;
  @Nullable Boolean livesAlone;
  @Nullable LocalDate livesAloneRecorded;
  final List<Diagnosis> diagnoses = new ArrayList<>();
  final List<Prescription> prescriptions = new ArrayList<>();
  final List<Dispense> dispenses = new ArrayList<>();
  final List<Dose> doses = new ArrayList<>();
  final List<LocalDate> discharges = new ArrayList<>();
  final List<LocalDate> sideEffectReports = new ArrayList<>();
  @Nullable String managingOrganization;

  public PatientHistory(String patientId) {
    this.patientId = patientId;
  }

  public String patientId() {
    return patientId;
  }

  /** The organisation responsible for the patient (Patient.managingOrganization), e.g. the station. */
  public @Nullable String managingOrganization() {
    return managingOrganization;
  }

  public List<Prescription> prescriptions() {
    return prescriptions;
  }

  public List<Dose> doses() {
    return doses;
  }

  /** The first day with a recorded dose: when the patient started using the companion. */
  @Nullable LocalDate companionStart() {
    return doses.stream().map(Dose::day).min(LocalDate::compareTo).orElse(null);
  }

  /** The last day with a recorded dose. */
  @Nullable LocalDate lastDose() {
    return doses.stream().map(Dose::day).max(LocalDate::compareTo).orElse(null);
  }
}
