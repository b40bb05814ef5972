package vn.sen.app.companion.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** {@code POST Patient/{id}/$checkin} end to end, through HAPI's generic client against the running app. */
@ExtendWith(SenServer.class)
class CheckinOperationTest {
  private static IGenericClient fhir;
  private static String patient;
  private static String station;
  private static String pharmacy;
  private static String amlodipine;
  private static String careTeam;

  @BeforeAll
  static void aPatientOnAmlodipineAndMetformin() {
    fhir = SenServer.get().fhirClient();
    station = create(new Organization().setName("Trạm Y tế xã An Bình"));
    pharmacy = create(new Organization().setName("Nhà thuốc Minh Châu"));
    Patient p = new Patient();
    p.addName().setFamily("Trần").addGiven("Thị Lan");
    p.setManagingOrganization(new Reference(station));
    patient = create(p);
    Medication med = new Medication();
    med.setCode(new CodeableConcept(new Coding("http://www.whocc.no/atc", "C08CA01", "amlodipine"))
        .setText("Amlodipin 5 mg (Amlor)"));
    String medication = create(med);
    MedicationRequest amlo = request();
    amlo.setMedication(new Reference(medication));
    amlo.getDosageInstructionFirstRep().getTiming().getRepeat().addWhen(Timing.EventTiming.MORN);
    amlo.getDispenseRequest().setPerformer(new Reference(pharmacy));
    amlodipine = create(amlo);
    MedicationRequest metformin = request();
    metformin.setMedication(new CodeableConcept(new Coding("http://www.whocc.no/atc", "A10BA02", "metformin"))
        .setText("Metformin 850 mg (Glucophage)"));
    metformin.getDosageInstructionFirstRep().getTiming().getRepeat().addWhen(Timing.EventTiming.PCV);
    create(metformin);
    CareTeam team = new CareTeam();
    team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.setSubject(new Reference(patient));
    team.addParticipant().setMember(new Reference(station));
    careTeam = create(team);
  }

  private static MedicationRequest request() {
    MedicationRequest r = new MedicationRequest();
    r.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    r.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    r.setSubject(new Reference(patient));
    r.addDosageInstruction().getTiming().getRepeat().setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
    return r;
  }

  private static String create(org.hl7.fhir.r4.model.Resource r) {
    return fhir.create().resource(r).execute().getId().toUnqualifiedVersionless().getValue();
  }

  private static Parameters checkin(String patientRef, String text) {
    Parameters in = new Parameters();
    in.addParameter().setName("text").setValue(new StringType(text));
    in.addParameter().setName("sent").setValue(new DateTimeType("2026-03-10T09:30:00+07:00"));
    in.addParameter().setName("channel").setValue(new org.hl7.fhir.r4.model.CodeType("web"));
    return fhir.operation().onInstance(new IdType(patientRef)).named("$checkin").withParameters(in)
        .returnResourceType(Parameters.class).execute();
  }

  private static List<String> created(Parameters out, String type) {
    return out.getParameter().stream().filter(p -> p.getName().equals("created"))
        .map(p -> ((Reference) p.getValue()).getReference()).filter(r -> r.startsWith(type + "/")).toList();
  }

  private static String value(Parameters out, String name) {
    return out.getParameter(name).getValue().primitiveValue();
  }

  private static int communications() {
    Bundle b = fhir.search().forResource(Communication.class).where(Communication.SUBJECT.hasId(patient))
        .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
    return b.getTotal();
  }

  @Test
  void aMorningDoseTakenIsRecordedAgainstTheMorningPrescription() {
    Parameters out = checkin(patient, "Đã uống thuốc sáng rồi");

    assertThat(value(out, "intent")).isEqualTo("taken");
    assertThat(value(out, "urgent")).isEqualTo("false");
    ParametersParameterComponent dose = out.getParameter("doseTime");
    assertThat(dose.getPart()).extracting(p -> p.getValue().primitiveValue()).containsExactly("morning", "today",
        "2026-03-10");
    List<String> given = created(out, "MedicationAdministration");
    assertThat(given).hasSize(1);
    MedicationAdministration a = fhir.read().resource(MedicationAdministration.class).withId(given.get(0)).execute();
    assertThat(a.getRequest().getReference()).isEqualTo(amlodipine);
    assertThat(a.getStatus()).isEqualTo(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    Communication message = fhir.read().resource(Communication.class).withId(created(out, "Communication").get(0))
        .execute();
    assertThat(message.getPayloadFirstRep().getContentStringType().getValue()).isEqualTo("Đã uống thuốc sáng rồi");
    assertThat(message.getRecipientFirstRep().getReference()).isEqualTo(careTeam);
  }

  @Test
  void aRedFlagIsUrgentTellsThePatientToCall115AndAlertsTheCareTeam() {
    Parameters out = checkin(patient, "tuc nguc qua k thở nổi");

    assertThat(value(out, "intent")).isEqualTo("unwell-urgent");
    assertThat(value(out, "urgent")).isEqualTo("true");
    assertThat(value(out, "reply")).contains("115");
    assertThat(out.getParameter().stream().filter(p -> p.getName().equals("redFlag"))
        .map(p -> ((Coding) p.getValue()).getCode())).contains("29857009", "267036007");
    Flag flag = fhir.read().resource(Flag.class).withId(created(out, "Flag").get(0)).execute();
    assertThat(flag.getSubject().getReference()).isEqualTo(patient);
    Task task = fhir.read().resource(Task.class).withId(created(out, "Task").get(0)).execute();
    assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.STAT);
    assertThat(task.getOwner().getReference()).isEqualTo(station);
    assertThat(created(out, "Communication")).hasSize(2);
  }

  @Test
  void aSideEffectOfANamedMedicineNamesItsPrescriptionAndRecordsAnAdverseEvent() {
    Parameters out = checkin(patient, "sung mat ca chan tu khi uong amlodipin");

    assertThat(value(out, "intent")).isEqualTo("side-effect");
    assertThat(((Reference) out.getParameter("medication").getValue()).getReference()).isEqualTo(amlodipine);
    assertThat(((Coding) out.getParameter("symptom").getValue()).getCode()).isEqualTo("267039000");
    AdverseEvent e = fhir.read().resource(AdverseEvent.class).withId(created(out, "AdverseEvent").get(0)).execute();
    assertThat(e.getSuspectEntityFirstRep().getInstance().getReference()).startsWith("Medication/");
  }

  @Test
  void runningOutOfAMedicineAsksItsPharmacy() {
    Parameters out = checkin(patient, "hết Amlor rồi");

    assertThat(value(out, "intent")).isEqualTo("out-of-stock");
    Task task = fhir.read().resource(Task.class).withId(created(out, "Task").get(0)).execute();
    assertThat(task.getOwner().getReference()).isEqualTo(pharmacy);
    assertThat(task.getFocus().getReference()).isEqualTo(amlodipine);
  }

  @Test
  void tooLongOrMissingTextIsRefusedAndNothingIsWritten() {
    int before = communications();

    assertThatThrownBy(() -> checkin(patient, "đau ngực ".repeat(120))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> fhir.operation().onInstance(new IdType(patient)).named("$checkin")
        .withParameters(new Parameters()).returnResourceType(Parameters.class).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(communications()).isEqualTo(before);
  }

  @Test
  void aSentThatIsNotADateTimeOrABadChannelIsRefused() {
    Parameters badSent = new Parameters();
    badSent.addParameter().setName("text").setValue(new StringType("uống rồi"));
    badSent.addParameter().setName("sent").setValue(new StringType("hôm qua"));
    Parameters badChannel = new Parameters();
    badChannel.addParameter().setName("text").setValue(new StringType("uống rồi"));
    badChannel.addParameter().setName("channel").setValue(new org.hl7.fhir.r4.model.CodeType("sms; drop"));

    for (Parameters in : List.of(badSent, badChannel)) {
      assertThatThrownBy(() -> fhir.operation().onInstance(new IdType(patient)).named("$checkin").withParameters(in)
          .returnResourceType(Parameters.class).execute()).isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void anUnknownPatientIsNotFound() {
    assertThatThrownBy(() -> checkin("Patient/nobody-here", "uống rồi")).isInstanceOf(ResourceNotFoundException.class);
  }
}
