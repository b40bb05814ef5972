package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * {@code Patient/$match} and the first Encounter it allows, over HTTP with real tokens: a hospital's
 * receptionist or doctor finds a patient registered at a commune health station by a national identifier,
 * opens a first encounter at the hospital, and then sees the record by the usual rules.
 */
@ExtendWith(SenServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientMatchTest {
  private static final String PASSWORD = "match-" + UUID.randomUUID();
  private static final String BIRTH = "1958-03-14";

  private SenServer.Running sen;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private String hospital;
  private String otherHospital;
  private String station;
  private String receptionistRef;
  private String doctorRef;
  private IGenericClient receptionist;
  private IGenericClient doctor;

  @BeforeAll
  void users() {
    sen = SenServer.get();
    IGenericClient fhir = sen.fhirClient();
    hospital = "Organization/" + create(fhir, new Organization().setName("Bệnh viện tỉnh " + run));
    otherHospital = "Organization/" + create(fhir, new Organization().setName("Bệnh viện huyện " + run));
    station = "Organization/" + create(fhir, new Organization().setName("Trạm y tế xã " + run));
    receptionistRef = "Practitioner/" + create(fhir, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName()
        .setFamily("Lễ Tân").addGiven(run)));
    doctorRef = "Practitioner/" + create(fhir, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName()
        .setFamily("Bác Sĩ").addGiven(run)));
    receptionist = staff("letan", "receptionist", receptionistRef, hospital);
    doctor = staff("bacsi", "doctor", doctorRef, hospital);
  }

  @Test
  void aHospitalReceptionistFindsAPatientOfAStationByCitizenIdOnly() {
    Registered p = registeredAtStation();
    assertThatThrownBy(() -> receptionist.read().resource(Patient.class).withId(p.id()).execute())
        .isInstanceOf(ForbiddenOperationException.class);

    Bundle found = match(receptionist, byCitizenId(p.cccd()), false);
    assertThat(found.getEntry()).hasSize(1);
    Bundle.BundleEntryComponent entry = found.getEntryFirstRep();
    assertThat(entry.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
    assertThat(((CodeType) entry.getSearch().getExtensionByUrl(PatientMatchOperation.MATCH_GRADE).getValue())
        .getValue()).isEqualTo("certain");
    assertThat(entry.getFullUrl()).endsWith("/fhir/Patient/" + p.id());
    Patient minimal = (Patient) entry.getResource();
    assertThat(minimal.getIdElement().getIdPart()).isEqualTo(p.id());
    assertThat(minimal.getIdentifier()).singleElement()
        .satisfies(i -> assertThat(i.getValue()).isEqualTo(p.cccd()));
    assertThat(minimal.getBirthDateElement().getValueAsString()).isEqualTo(BIRTH);
    assertThat(minimal.getNameFirstRep().getFamily()).isEqualTo("Trần");
    assertThat(minimal.getManagingOrganization().getReference()).isEqualTo(station);
    // nothing beyond what identifies the patient
    assertThat(minimal.hasTelecom()).isFalse();
    assertThat(minimal.hasAddress()).isFalse();
    assertThat(minimal.getMeta().getTag()).anySatisfy(t -> assertThat(t.getCode()).isEqualTo("SUBSETTED"));

    // the birth date confirms it (a higher score), a different one is no match
    Patient confirmed = byCitizenId(p.cccd()).setBirthDateElement(new DateType(BIRTH));
    Bundle sure = match(receptionist, confirmed, true);
    assertThat(sure.getEntry()).hasSize(1);
    assertThat(sure.getEntryFirstRep().getSearch().getScore()).isGreaterThan(entry.getSearch().getScore());
    Patient wrongBirth = byCitizenId(p.cccd()).setBirthDateElement(new DateType("1960-01-01"));
    assertThat(match(receptionist, wrongBirth, false).getEntry()).isEmpty();

    // and so does the insurance number
    Patient byInsurance = new Patient();
    byInsurance.addIdentifier().setSystem(SenCodes.INSURANCE_NUMBER).setValue(p.insurance());
    assertThat(match(doctor, byInsurance, false).getEntry()).singleElement()
        .satisfies(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(p.id()));
  }

  @Test
  void namesAndDemographicsAloneFindNobody() {
    Registered p = registeredAtStation();
    Patient byName = new Patient();
    byName.addName().setFamily("Trần").addGiven("Thị Mai " + run);
    byName.setBirthDateElement(new DateType(BIRTH));
    byName.setGender(Enumerations.AdministrativeGender.FEMALE);
    assertThat(match(receptionist, byName, false).getEntry()).isEmpty();
    // an identifier of a system other than the national ones does not count either
    Patient byOther = new Patient();
    byOther.addIdentifier().setSystem("http://fhir.ehealth.gov.vn/core/sid/patient-internal-id").setValue(p.cccd());
    assertThat(match(receptionist, byOther, false).getEntry()).isEmpty();
    // a value that is not an identifier is a client error
    assertThatThrownBy(() -> match(receptionist, byCitizenId("0,1|2"), false))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void patientsCaregiversResearchersAndPharmacistsMayNotMatch() {
    Registered p = registeredAtStation();
    List<IGenericClient> refused = List.of(
        person("benhnhan", "patient", "Patient/" + p.id(), p.id()),
        person("nguoinha", "caregiver", "RelatedPerson/" + run, null),
        staff("nghiencuu", "researcher", doctorRef, hospital),
        staff("duocsi", "pharmacist", doctorRef, hospital));
    for (IGenericClient client : refused) {
      assertThatThrownBy(() -> match(client, byCitizenId(p.cccd()), false))
          .isInstanceOf(ForbiddenOperationException.class);
    }
  }

  @Test
  void everyMatchIsInTheAuditTrailWithThePatientAndThePurpose() {
    Registered p = registeredAtStation();
    match(receptionist, byCitizenId(p.cccd()), false);

    IGenericClient auditor = staff("kiemtoan", "admin", "Practitioner/auditor-" + run, null);
    Bundle trail = auditor.search().byUrl("AuditEvent?patient=Patient/" + p.id() + "&agent=" + receptionistRef)
        .returnBundle(Bundle.class).execute();
    assertThat(trail.getEntry()).singleElement().satisfies(e -> {
      AuditEvent event = (AuditEvent) e.getResource();
      assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
      assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
      assertThat(event.getEntity()).anySatisfy(en ->
          assertThat(en.getWhat().getReference()).startsWith("Patient/" + p.id()));
    });
  }

  @Test
  void aFirstEncounterAtTheirOwnOrganisationOpensTheRecord() {
    Registered p = registeredAtStation();
    assertThatThrownBy(() -> doctor.read().resource(Observation.class).withId(p.observation()).execute())
        .isInstanceOf(ForbiddenOperationException.class);
    match(doctor, byCitizenId(p.cccd()), true);

    String encounter = create(doctor, encounter(p.id(), hospital, doctorRef));
    assertThat(doctor.read().resource(Patient.class).withId(p.id()).execute().getTelecomFirstRep().getValue())
        .isEqualTo("0912345678");
    assertThat(doctor.read().resource(Observation.class).withId(p.observation()).execute().getIdElement()
        .getIdPart()).isEqualTo(p.observation());
    assertThat(doctor.read().resource(Encounter.class).withId(encounter).execute().getServiceProvider()
        .getReference()).isEqualTo(hospital);

    // a receptionist opens the visit the same way, and then sees the demographics
    Registered q = registeredAtStation();
    match(receptionist, byCitizenId(q.cccd()), false);
    create(receptionist, encounter(q.id(), hospital, null));
    assertThat(receptionist.read().resource(Patient.class).withId(q.id()).execute().getIdElement().getIdPart())
        .isEqualTo(q.id());
  }

  @Test
  void aConditionalFirstEncounterOpensTheRecordOnceAndThenFindsItself() {
    Registered p = registeredAtStation();
    match(doctor, byCitizenId(p.cccd()), true);
    Encounter visit = encounter(p.id(), hospital, doctorRef);
    String visitNumber = "visit-" + run + "-" + p.id();
    visit.addIdentifier().setSystem("urn:sen:test:visit").setValue(visitNumber);
    String criteria = "Encounter?identifier=urn:sen:test:visit|" + visitNumber;

    MethodOutcome first = doctor.create().resource(visit).conditionalByUrl(criteria).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(doctor.read().resource(Observation.class).withId(p.observation()).execute().getIdElement()
        .getIdPart()).isEqualTo(p.observation());

    // the same request again (a retry): the encounter it made answers, nothing new is written
    MethodOutcome again = doctor.create().resource(visit).conditionalByUrl(criteria).execute();
    assertThat(again.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(again.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
  }

  @Test
  void nothingElseOpensARecord() {
    Registered p = registeredAtStation();
    // no match first
    assertThatThrownBy(() -> create(doctor, encounter(p.id(), hospital, doctorRef)))
        .isInstanceOf(ForbiddenOperationException.class);
    match(doctor, byCitizenId(p.cccd()), false);
    // another organisation's encounter, another practitioner taking part, a finished encounter, an Observation
    assertThatThrownBy(() -> create(doctor, encounter(p.id(), otherHospital, doctorRef)))
        .isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> create(doctor, encounter(p.id(), station, null)))
        .isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> create(doctor, encounter(p.id(), hospital, receptionistRef)))
        .isInstanceOf(ForbiddenOperationException.class);
    Encounter finished = encounter(p.id(), hospital, doctorRef).setStatus(Encounter.EncounterStatus.FINISHED);
    assertThatThrownBy(() -> create(doctor, finished)).isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> create(doctor, observation(p.id()))).isInstanceOf(ForbiddenOperationException.class);
    // the match lets this user only: a colleague at the same hospital who did not match is refused
    IGenericClient colleague = staff("bacsi2", "doctor", doctorRef, hospital);
    assertThatThrownBy(() -> create(colleague, encounter(p.id(), hospital, null)))
        .isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> doctor.read().resource(Patient.class).withId(p.id()).execute())
        .isInstanceOf(ForbiddenOperationException.class);
  }

  @Test
  void aLocalOnlyConsentStillKeepsTheRecordFromTheHospital() {
    Registered p = registeredAtStation();
    Consent local = new Consent();
    local.setStatus(Consent.ConsentState.ACTIVE);
    local.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope")
        .setCode("patient-privacy");
    local.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    local.setPatient(new Reference("Patient/" + p.id()));
    local.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("local-only");
    local.getProvision().setType(Consent.ConsentProvisionType.PERMIT).addActor()
        .setReference(new Reference(station)).getRole().addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("CST");
    local.setDateTime(new Date());
    create(sen.fhirClient(), local);

    // identifying the patient and registering the visit stay possible (the patient is at the desk)
    assertThat(match(doctor, byCitizenId(p.cccd()), false).getEntry()).hasSize(1);
    create(doctor, encounter(p.id(), hospital, doctorRef));
    // but the record stays at the station, as the patient asked
    assertThatThrownBy(() -> doctor.read().resource(Observation.class).withId(p.observation()).execute())
        .isInstanceOf(ForbiddenOperationException.class);
    Bundle search = doctor.search().byUrl("Observation?subject=Patient/" + p.id()).returnBundle(Bundle.class)
        .execute();
    assertThat(search.getEntry()).isEmpty();
  }

  // --- helpers

  private record Registered(String id, String cccd, String insurance, String observation) {}

  /** A patient registered at the station, with a CCCD, an insurance number, a phone and an observation. */
  private Registered registeredAtStation() {
    IGenericClient fhir = sen.fhirClient();
    String cccd = "0" + (10_000_000_000L + ThreadLocalRandom.current().nextLong(89_999_999_999L));
    String insurance = "HT" + (1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
    Patient p = new Patient();
    p.addIdentifier().setSystem(SenCodes.CITIZEN_ID).setValue(cccd);
    p.addIdentifier().setSystem(SenCodes.INSURANCE_NUMBER).setValue(insurance);
    p.addName().setFamily("Trần").addGiven("Thị Mai " + run);
    p.setGender(Enumerations.AdministrativeGender.FEMALE);
    p.setBirthDateElement(new DateType(BIRTH));
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("0912345678");
    p.addAddress().setText("Xã Tân Lập, Hà Nội");
    p.setManagingOrganization(new Reference(station));
    String id = create(fhir, p);
    return new Registered(id, cccd, insurance, create(fhir, observation(id)));
  }

  private static Patient byCitizenId(String cccd) {
    Patient p = new Patient();
    p.addIdentifier().setSystem(SenCodes.CITIZEN_ID).setValue(cccd);
    return p;
  }

  private static Bundle match(IGenericClient client, Patient query, boolean onlyCertain) {
    Parameters in = new Parameters();
    in.addParameter().setName("resource").setResource(query);
    in.addParameter().setName("onlyCertainMatches").setValue(new BooleanType(onlyCertain));
    return client.operation().onType(Patient.class).named("$match").withParameters(in)
        .returnResourceType(Bundle.class).execute();
  }

  private static Encounter encounter(String patient, String provider, String participant) {
    Encounter e = new Encounter();
    e.setStatus(Encounter.EncounterStatus.ARRIVED);
    e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
    e.setSubject(new Reference("Patient/" + patient));
    e.setServiceProvider(new Reference(provider));
    if (participant != null) {
      e.addParticipant().setIndividual(new Reference(participant));
    }
    return e;
  }

  private static Observation observation(String patientId) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference("Patient/" + patientId));
    return o;
  }

  private IGenericClient staff(String name, String role, String fhirUser, String organization) {
    String user = name + "-" + run;
    sen.createUser(user, PASSWORD, Set.of(role), fhirUser, organization, null);
    return sen.fhirClient(sen.tokenFor(user, "openid", "fhirUser", "user/*.cruds"));
  }

  private IGenericClient person(String name, String role, String fhirUser, String patient) {
    String user = name + "-" + run;
    sen.createUser(user, PASSWORD, Set.of(role), fhirUser, null, patient);
    return sen.fhirClient(sen.tokenFor(user, "openid", "fhirUser", "patient/*.cruds"));
  }

  private static String create(IGenericClient fhir, Resource resource) {
    return fhir.create().resource(resource).execute().getId().getIdPart();
  }
}
