package vn.sen.app.companion.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.worklist.WorklistCodes;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.StructuralWriteCheck;

/** The planned records per intent, each valid base R4 (HAPI's validator and Sen's write check). */
class CheckinRecordsTest {
  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final CheckinInterpreter INTERPRETER = new CheckinInterpreter();
  private static final List<ActiveMedication> MEDS = CheckinEvaluation.patientMedications(INTERPRETER);
  private static final CareContext CARE = new CareContext("p1", "Organization/station", List.of("CareTeam/t1"));
  private static FhirValidator validator;

  @BeforeAll
  static void validator() {
    ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(CTX),
        new CommonCodeSystemsTerminologyService(CTX), new InMemoryTerminologyServerValidationSupport(CTX),
        new SnapshotGeneratingValidationSupport(CTX));
    validator = CTX.newValidator();
    validator.registerValidatorModule(new FhirInstanceValidator(chain));
  }

  private static List<Resource> plan(String text, List<ActiveMedication> meds) {
    CheckinMessage m = new CheckinMessage(text, CheckinEvaluation.SENT, CheckinMessage.DEFAULT_ZONE, meds);
    CheckinRecords records = new CheckinRecords(IdGenerator.random(new SplittableRandom(7)));
    return records.plan(m, INTERPRETER.interpret(m), CARE, "web", Instant.parse("2026-03-10T02:31:00Z")).resources();
  }

  private static List<String> types(List<Resource> resources) {
    return resources.stream().map(Resource::fhirType).toList();
  }

  @Test
  void everyPlannedRecordIsValidR4() {
    StructuralWriteCheck check = new StructuralWriteCheck(CTX);
    List<String> problems = new ArrayList<>();
    // One message per kind of record: the validator is slow, and the records differ only in their values.
    List<Resource> all = new ArrayList<>();
    for (String text : List.of("uống muộn thuốc sáng", "quen uong thuoc toi qua", "hết Amlor rồi",
        "thuốc này uống trước hay sau ăn?", "Đau ngực dữ quá sau uống Lipitor, thấy chóng mặt")) {
      all.addAll(plan(text, MEDS.subList(0, 2)));
    }
    all.addAll(plan("hôm qua không uống thuốc", List.of()));
    all.addAll(plan("uống rồi", List.of()));
    for (Resource r : all) {
      {
        {
          check.check(r).forEach(i -> problems.add(r.fhirType() + ": " + i.diagnostics()));
          validator.validateWithResult(r).getMessages().stream()
              .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
              .forEach(m -> problems.add(r.fhirType() + " " + m.getLocationString() + ": " + m.getMessage()));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theMessageItselfIsACommunicationFromThePatient() {
    Communication c = (Communication) plan("ok", MEDS).get(0);

    assertThat(c.getSender().getReference()).isEqualTo("Patient/p1");
    assertThat(c.getPayloadFirstRep().getContentStringType().getValue()).isEqualTo("ok");
    assertThat(c.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("other");
    assertThat(c.getMediumFirstRep().getCodingFirstRep().getCode()).isEqualTo("web");
  }

  @Test
  void aMorningDoseTakenIsAnAdministrationForEachMorningPrescription() {
    List<Resource> r = plan("Đã uống thuốc sáng rồi", MEDS);

    List<MedicationAdministration> given = r.stream().filter(MedicationAdministration.class::isInstance)
        .map(MedicationAdministration.class::cast).toList();
    assertThat(given).extracting(a -> a.getRequest().getReference()).containsExactlyInAnyOrder(
        "MedicationRequest/amlodipine", "MedicationRequest/losartan", "MedicationRequest/metformin",
        "MedicationRequest/gliclazide", "MedicationRequest/aspirin");
    assertThat(given).allSatisfy(a -> assertThat(a.getStatus())
        .isEqualTo(MedicationAdministration.MedicationAdministrationStatus.COMPLETED));
  }

  @Test
  void aMissedDoseIsNotDoneWithItsReason() {
    List<Resource> r = plan("quên uống thuốc mỡ máu tối qua", MEDS);

    MedicationAdministration a = (MedicationAdministration) r.get(1);
    assertThat(a.getStatus()).isEqualTo(MedicationAdministration.MedicationAdministrationStatus.NOTDONE);
    assertThat(a.getStatusReasonFirstRep().getCodingFirstRep().getCode()).isEqualTo("forgot");
    assertThat(a.getEffectiveDateTimeType().getValueAsString()).startsWith("2026-03-09T18:00:00");
  }

  @Test
  void aDoseWithoutAPrescriptionIsAStatement() {
    assertThat(types(plan("uống rồi", List.of()))).containsExactly("Communication", "MedicationStatement");
    MedicationStatement s = (MedicationStatement) plan("hôm qua không uống thuốc", List.of()).get(1);
    assertThat(s.getStatus()).isEqualTo(MedicationStatement.MedicationStatementStatus.NOTTAKEN);
  }

  @Test
  void aSideEffectOfANamedMedicineIsAnObservationAndAnAdverseEvent() {
    List<Resource> r = plan("sung mat ca chan tu khi uong amlodipin", MEDS);

    assertThat(types(r)).containsExactly("Communication", "Observation", "AdverseEvent", "Task");
    AdverseEvent e = (AdverseEvent) r.get(2);
    assertThat(e.getSuspectEntityFirstRep().getInstance().getReference()).isEqualTo("Medication/med-amlodipine");
    // on the care team's worklist as a side effect to review
    Task review = (Task) r.get(3);
    assertThat(WorklistCodes.has(review.getCode(), WorklistCodes.SIDE_EFFECT)).isTrue();
    assertThat(review.getOwner().getReference()).isEqualTo("Organization/station");
    assertThat(types(plan("buồn nôn sau khi uống thuốc", MEDS))).containsExactly("Communication", "Observation", "Task");
  }

  @Test
  void outOfStockIsATaskToThePrescriptionsDispenserOrTheStation() {
    List<Resource> r = plan("hết Amlor rồi", MEDS);

    Task t = (Task) r.get(1);
    assertThat(t.getFocus().getReference()).isEqualTo("MedicationRequest/amlodipine");
    assertThat(WorklistCodes.has(t.getCode(), WorklistCodes.OUT_OF_STOCK)).isTrue();
    assertThat(t.getOwner().getReference()).isEqualTo("Organization/station");
  }

  @Test
  void urgentIsAFlagAStatTaskAndAnAlertToTheCareTeam() {
    List<Resource> r = plan("Đau ngực dữ quá, tức ngực khó chịu", MEDS);

    assertThat(types(r)).containsExactly("Communication", "Observation", "Flag", "Task", "Communication");
    assertThat(((Flag) r.get(2)).getCode().getCodingFirstRep().getCode()).isEqualTo("29857009");
    assertThat(((Task) r.get(3)).getPriority()).isEqualTo(Task.TaskPriority.STAT);
    assertThat(WorklistCodes.has(((Task) r.get(3)).getCode(), WorklistCodes.URGENT_CHECKIN)).isTrue();
    Communication alert = (Communication) r.get(4);
    assertThat(alert.getPriority()).isEqualTo(Communication.CommunicationPriority.STAT);
    assertThat(alert.getRecipientFirstRep().getReference()).isEqualTo("CareTeam/t1");
  }

  @Test
  void aQuestionGoesToTheCareTeam() {
    List<Resource> r = plan("thuốc này uống trước hay sau ăn?", MEDS);

    assertThat(types(r)).containsExactly("Communication", "Communication");
    Communication q = (Communication) r.get(1);
    assertThat(q.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("checkin-question");
    assertThat(q.getAboutFirstRep().getReference()).isEqualTo(CheckinRecords.ref(r.get(0)));
  }
}
