package vn.sen.app.companion.web;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import vn.sen.app.platform.policy.SenCodes;

/**
 * A patient with two prescriptions written through the FHIR API (HAPI's client): amlodipine every morning
 * for high blood pressure (the reason a Condition), metformin twice a day with no reason (its class from
 * the ATC code), both started ten days ago; and a daughter authorised as caregiver by a Consent.
 */
record CompanionRecords(IGenericClient fhir, String patientId, String amlodipineId, String metforminId,
    String relatedPersonId, String consentId) {
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  static CompanionRecords create(IGenericClient fhir) {
    Patient p = new Patient();
    p.addName().setFamily("Nguyễn").addGiven("Văn").addGiven("An");
    p.setGender(Enumerations.AdministrativeGender.MALE);
    String patient = id(fhir, p);
    Condition c = new Condition();
    c.setSubject(ref("Patient/" + patient));
    c.getCode().setText("Tăng huyết áp").addCoding().setSystem(SenCodes.ICD10).setCode("I10");
    String condition = id(fhir, c);
    Date start = Date.from(LocalDate.now(VIETNAM).minusDays(10).atStartOfDay(VIETNAM).toInstant());

    MedicationRequest aml = request(patient, start, "Amlodipin 5 mg", "C08CA01");
    aml.addReasonReference(ref("Condition/" + condition));
    aml.getDosageInstructionFirstRep().setPatientInstruction("1 viên").getTiming().getRepeat()
        .setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D).addWhen(Timing.EventTiming.MORN)
        .getBoundsPeriod().setStart(start);
    MedicationRequest met = request(patient, start, "Metformin 500 mg", "A10BA02");
    met.getDosageInstructionFirstRep().setPatientInstruction("1 viên, sau ăn").getTiming().getRepeat()
        .setFrequency(2).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D).getBoundsPeriod().setStart(start);

    RelatedPerson daughter = new RelatedPerson();
    daughter.setPatient(ref("Patient/" + patient));
    daughter.addName().setFamily("Nguyễn").addGiven("Thị").addGiven("Bình");
    daughter.addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("DAU");
    String related = id(fhir, daughter);
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
    consent.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    consent.setPatient(ref("Patient/" + patient));
    consent.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("caregiver");
    consent.getProvision().addActor().setReference(ref("RelatedPerson/" + related)).getRole().addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
    return new CompanionRecords(fhir, patient, id(fhir, aml), id(fhir, met), related, id(fhir, consent));
  }

  private static MedicationRequest request(String patient, Date start, String name, String atc) {
    MedicationRequest r = new MedicationRequest();
    r.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    r.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    r.setSubject(ref("Patient/" + patient));
    r.setAuthoredOn(start);
    r.getMedicationCodeableConcept().setText(name).addCoding().setSystem(SenCodes.ATC).setCode(atc);
    return r;
  }

  void withdrawConsent() {
    Consent c = fhir.read().resource(Consent.class).withId(consentId).execute();
    c.setStatus(Consent.ConsentState.INACTIVE);
    fhir.update().resource(c).execute();
  }

  List<MedicationAdministration> administrations() {
    Bundle b = fhir.search().forResource(MedicationAdministration.class)
        .where(MedicationAdministration.PATIENT.hasId("Patient/" + patientId)).count(100)
        .returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (MedicationAdministration) e.getResource()).toList();
  }

  List<Communication> messages() {
    Bundle b = fhir.search().forResource(Communication.class)
        .where(Communication.SUBJECT.hasId("Patient/" + patientId)).count(100)
        .returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (Communication) e.getResource()).toList();
  }

  private static Reference ref(String r) {
    return new Reference(r);
  }

  private static String id(IGenericClient fhir, Resource r) {
    return fhir.create().resource(r).execute().getId().getIdPart();
  }
}
