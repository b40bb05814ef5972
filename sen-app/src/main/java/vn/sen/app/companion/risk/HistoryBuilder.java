package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.worklist.WorklistCodes;

/**
 * Turns one patient's resources into a {@link PatientHistory}, one resource at a time in any order.
 * Resources of other types, and ones it cannot place (no medicine class, no date), are passed over.
 */
final class HistoryBuilder {
  /** VN Core's health-insurance (BHYT) number. */
  static final String INSURANCE_NUMBER = "http://fhir.ehealth.gov.vn/core/sid/insurance_number";
  static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
  /** LOINC: how many people are living or staying at this address; 1 is living alone. */
  static final String HOUSEHOLD_SIZE = "63512-8";

  private final MedicineClasses classes;
  private final PatientHistory history;

  HistoryBuilder(String patientId, MedicineClasses classes) {
    this.history = new PatientHistory(patientId);
    this.classes = classes;
  }

  PatientHistory history() {
    return history;
  }

  void add(Resource resource) {
    switch (resource) {
      case Patient p -> patient(p);
      case Condition c -> condition(c);
      case MedicationRequest r -> request(r);
      case MedicationDispense d -> dispense(d);
      case MedicationAdministration a -> administration(a);
      case Encounter e -> encounter(e);
      case Observation o -> observation(o);
      case AdverseEvent a -> {
        LocalDate day = date(a.getDateElement());
        if (day != null) {
          history.sideEffectReports.add(day);
        }
      }
      case Task t -> {
        if (WorklistCodes.has(t.getCode(), WorklistCodes.SIDE_EFFECT)) {
          LocalDate day = date(t.getAuthoredOnElement());
          if (day != null) {
            history.sideEffectReports.add(day);
          }
        }
      }
      default -> {
        // not used by the model
      }
    }
  }

  private void patient(Patient p) {
    if (p.hasBirthDate()) {
      history.birthDate = date(p.getBirthDateElement());
    }
    for (Identifier id : p.getIdentifier()) {
      if (INSURANCE_NUMBER.equals(id.getSystem()) && id.hasValue()) {
        history.insured = true;
      }
    }
    if (p.hasManagingOrganization() && p.getManagingOrganization().hasReference()) {
      history.managingOrganization = p.getManagingOrganization().getReference();
    }
  }

  private void condition(Condition c) {
    // A resolved condition still counts for the days before its abatement; without an abatement date
    // there is no telling when it ended, so it is left out.
    if (c.hasClinicalStatus() && !hasCode(c.getClinicalStatus().getCoding(), "active", "recurrence", "relapse")
        && !c.hasAbatementDateTimeType()) {
      return;
    }
    if (c.hasVerificationStatus()
        && hasCode(c.getVerificationStatus().getCoding(), "refuted", "entered-in-error")) {
      return;
    }
    LocalDate onset = c.hasOnsetDateTimeType() ? date(c.getOnsetDateTimeType()) : null;
    LocalDate abated = c.hasAbatementDateTimeType() ? date(c.getAbatementDateTimeType()) : null;
    for (Coding coding : c.getCode().getCoding()) {
      if (ICD10.equals(coding.getSystem()) && coding.hasCode()) {
        history.diagnoses.add(new PatientHistory.Diagnosis(coding.getCode(), onset, abated));
      }
    }
  }

  private void request(MedicationRequest r) {
    String status = r.hasStatus() ? r.getStatus().toCode() : "";
    if (status.equals("entered-in-error") || status.equals("cancelled") || status.equals("draft")
        || !r.hasAuthoredOn()) {
      return;
    }
    Optional<String> cls = classes.of(r.getMedication());
    LocalDate authored = date(r.getAuthoredOnElement());
    if (cls.isEmpty() || authored == null) {
      return;
    }
    LocalDate until = r.getDispenseRequest().getValidityPeriod().hasEnd()
        ? date(r.getDispenseRequest().getValidityPeriod().getEndElement()) : null;
    history.prescriptions.add(new PatientHistory.Prescription(r.getIdPart(), medicationKey(r), cls.get(), authored,
        until, dosesPerDay(r)));
  }

  private static String medicationKey(MedicationRequest r) {
    if (r.hasMedicationReference()) {
      return r.getMedicationReference().getReference();
    }
    return r.getMedicationCodeableConcept().getCodingFirstRep().getCode();
  }

  /** Doses a day from the first dosage's Timing (frequency per period); one when it has none. */
  static double dosesPerDay(MedicationRequest r) {
    if (!r.hasDosageInstruction()) {
      return 1;
    }
    Dosage dosage = r.getDosageInstructionFirstRep();
    if (!dosage.hasTiming() || !dosage.getTiming().hasRepeat()) {
      return 1;
    }
    Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
    int frequency = repeat.hasFrequency() ? repeat.getFrequency() : Math.max(1, repeat.getWhen().size());
    double period = repeat.hasPeriod() ? repeat.getPeriod().doubleValue() : 1;
    double days = switch (repeat.hasPeriodUnit() ? repeat.getPeriodUnit().toCode() : "d") {
      case "h" -> period / 24;
      case "wk" -> period * 7;
      case "mo" -> period * 30;
      case "a" -> period * 365;
      default -> period;
    };
    return days > 0 ? frequency / days : 1;
  }

  private void dispense(MedicationDispense d) {
    if (d.hasStatus() && !d.getStatus().toCode().equals("completed")) {
      return;
    }
    Optional<String> cls = classes.of(d.getMedication());
    LocalDate day = d.hasWhenHandedOver() ? date(d.getWhenHandedOverElement()) : null;
    if (cls.isEmpty() || day == null || !d.hasDaysSupply() || !d.getDaysSupply().hasValue()) {
      return;
    }
    history.dispenses.add(new PatientHistory.Dispense(cls.get(), day, d.getDaysSupply().getValue().intValue()));
  }

  private void administration(MedicationAdministration a) {
    String status = a.hasStatus() ? a.getStatus().toCode() : "";
    if (!status.equals("completed") && !status.equals("not-done")) {
      return;
    }
    Optional<String> cls = classes.of(a.getMedication());
    LocalDate day = a.hasEffectiveDateTimeType() ? date(a.getEffectiveDateTimeType())
        : a.hasEffectivePeriod() ? date(a.getEffectivePeriod().getStartElement()) : null;
    if (cls.isEmpty() || day == null) {
      return;
    }
    boolean outOfStock = false;
    for (var reason : a.getStatusReason()) {
      String text = reason.getText() == null ? "" : reason.getText().toLowerCase(java.util.Locale.ROOT);
      outOfStock |= text.contains("hết thuốc") || text.contains("out of stock")
          || WorklistCodes.has(reason, WorklistCodes.OUT_OF_STOCK);
    }
    history.doses.add(new PatientHistory.Dose(cls.get(), day, status.equals("completed"), outOfStock));
  }

  private void encounter(Encounter e) {
    if (!e.hasClass_() || !"IMP".equals(e.getClass_().getCode()) || !e.getPeriod().hasEnd()) {
      return;
    }
    LocalDate end = date(e.getPeriod().getEndElement());
    if (end != null) {
      history.discharges.add(end);
    }
  }

  private void observation(Observation o) {
    if (!hasCode(o.getCode().getCoding(), HOUSEHOLD_SIZE) || !o.hasValueIntegerType()) {
      return;
    }
    LocalDate day = o.hasEffectiveDateTimeType() ? date(o.getEffectiveDateTimeType()) : null;
    if (history.livesAloneRecorded == null || day != null && day.isAfter(history.livesAloneRecorded)) {
      history.livesAlone = o.getValueIntegerType().getValue() == 1;
      history.livesAloneRecorded = day == null ? LocalDate.MIN : day;
    }
  }

  private static boolean hasCode(java.util.List<Coding> codings, String... codes) {
    for (Coding c : codings) {
      for (String code : codes) {
        if (code.equals(c.getCode())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The calendar date as written (a dateTime's local date, not converted to UTC). */
  static @Nullable LocalDate date(@Nullable BaseDateTimeType value) {
    if (value == null || !value.hasValue()) {
      return null;
    }
    String text = value.getValueAsString();
    // Partial dates (a year, a month) stand for their middle.
    return switch (text.length()) {
      case 4 -> LocalDate.parse(text + "-07-01");
      case 7 -> LocalDate.parse(text + "-15");
      default -> text.length() >= 10 ? LocalDate.parse(text.substring(0, 10)) : null;
    };
  }
}
