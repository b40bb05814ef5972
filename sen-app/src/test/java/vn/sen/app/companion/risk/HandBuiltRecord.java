package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;

/**
 * A patient's record built by hand for tests: one twice-daily ACE inhibitor (ATC C09AA04), monthly
 * dispenses, and 30 days of recorded doses before {@code asOf} following a pattern.
 */
final class HandBuiltRecord {
  /** Whether dose {@code dose} (0 or 1) of day {@code day} (0 = 30 days before asOf) was taken. */
  @FunctionalInterface
  interface Pattern {
    boolean taken(int day, int dose);
  }

  final String patientId;
  final LocalDate asOf;
  final List<Resource> resources = new ArrayList<>();
  final String subject;

  HandBuiltRecord(String patientId, LocalDate asOf) {
    this.patientId = patientId;
    this.asOf = asOf;
    this.subject = "Patient/" + patientId;
  }

  HandBuiltRecord patient(LocalDate birthDate, boolean insured, String organisation) {
    Patient p = new Patient();
    p.setId(patientId);
    p.addName().setFamily("Thử").addGiven("Nghiệm");
    p.setBirthDateElement(new DateType(birthDate.toString()));
    if (insured) {
      p.addIdentifier().setSystem(HistoryBuilder.INSURANCE_NUMBER).setValue("HT4797900123456");
    }
    p.setManagingOrganization(new Reference(organisation));
    resources.add(p);
    return this;
  }

  HandBuiltRecord prescription(String id, int lastDispenseDaysAgo) {
    MedicationRequest r = new MedicationRequest();
    r.setId(id);
    r.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    r.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    r.setMedication(atc());
    r.setSubject(new Reference(subject));
    r.setAuthoredOnElement(new DateTimeType(asOf.minusDays(200).toString()));
    r.addDosageInstruction().setText("Uống 1 viên x 2 lần/ngày").setTiming(new Timing().setRepeat(
        new Timing.TimingRepeatComponent().setFrequency(2).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)));
    r.getDispenseRequest().setValidityPeriod(new Period()
        .setStartElement(new DateTimeType(asOf.minusDays(200).toString()))
        .setEndElement(new DateTimeType(asOf.plusDays(165).toString())));
    resources.add(r);
    for (int daysAgo = 200; daysAgo >= lastDispenseDaysAgo; daysAgo -= 30) {
      MedicationDispense d = new MedicationDispense();
      d.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
      d.setMedication(atc());
      d.setSubject(new Reference(subject));
      d.addAuthorizingPrescription(new Reference("MedicationRequest/" + id));
      d.setDaysSupply((Quantity) new Quantity().setValue(30).setUnit("ngày").setSystem("http://unitsofmeasure.org")
          .setCode("d"));
      d.setWhenHandedOverElement(new DateTimeType(asOf.minusDays(daysAgo) + "T08:00:00+07:00"));
      resources.add(d);
    }
    return this;
  }

  HandBuiltRecord doses(String requestId, Pattern pattern) {
    return doses(requestId, 30, pattern, true);
  }

  /** Doses over the {@code days} before asOf (day 0 the first); without {@code recordSkips} a dose not taken leaves no record. */
  HandBuiltRecord doses(String requestId, int days, Pattern pattern, boolean recordSkips) {
    for (int day = 0; day < days; day++) {
      for (int dose = 0; dose < 2; dose++) {
        boolean taken = pattern.taken(day, dose);
        if (!taken && !recordSkips) {
          continue;
        }
        MedicationAdministration a = new MedicationAdministration();
        a.setStatus(taken ? MedicationAdministration.MedicationAdministrationStatus.COMPLETED
            : MedicationAdministration.MedicationAdministrationStatus.NOTDONE);
        if (!taken) {
          a.addStatusReason().setText("Quên uống");
        }
        a.setMedication(atc());
        a.setSubject(new Reference(subject));
        a.setRequest(new Reference("MedicationRequest/" + requestId));
        a.setEffective(new DateTimeType(asOf.minusDays(days - day) + (dose == 0 ? "T07:30:00+07:00" : "T19:30:00+07:00")));
        resources.add(a);
      }
    }
    return this;
  }

  HandBuiltRecord depression() {
    Condition c = new Condition();
    c.setClinicalStatus(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
    c.setCode(new CodeableConcept(new Coding(HistoryBuilder.ICD10, "F32.9", "Giai đoạn trầm cảm")));
    c.setSubject(new Reference(subject));
    c.setOnset(new DateTimeType(asOf.minusYears(2).toString()));
    resources.add(c);
    return this;
  }

  HandBuiltRecord livesAlone() {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding("http://loinc.org", HistoryBuilder.HOUSEHOLD_SIZE, "Household size")));
    o.setSubject(new Reference(subject));
    o.setEffective(new DateTimeType(asOf.minusDays(100).toString()));
    o.setValue(new IntegerType(1));
    resources.add(o);
    return this;
  }

  HandBuiltRecord dischargedDaysAgo(int days) {
    Encounter e = new Encounter();
    e.setStatus(Encounter.EncounterStatus.FINISHED);
    e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
    e.setSubject(new Reference(subject));
    e.setPeriod(new Period().setStartElement(new DateTimeType(asOf.minusDays(days + 5) + "T10:00:00+07:00"))
        .setEndElement(new DateTimeType(asOf.minusDays(days) + "T09:00:00+07:00")));
    resources.add(e);
    return this;
  }

  static CodeableConcept atc() {
    return new CodeableConcept(new Coding(MedicineClasses.ATC, "C09AA04", "perindopril")).setText("Perindopril 5 mg");
  }

  PatientHistory history() {
    HistoryBuilder b = new HistoryBuilder(patientId, new MedicineClasses(id -> java.util.Optional.empty()));
    resources.forEach(b::add);
    return b.history();
  }

  /** The feature vector of its one medicine class as of a day. */
  double[] extract(LocalDate day) {
    return new FeatureExtractor().extract(history(), day).getFirst().values();
  }
}
