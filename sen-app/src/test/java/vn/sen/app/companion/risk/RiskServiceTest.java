package vn.sen.app.companion.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.app.companion.worklist.WorklistCodes;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.synth.GeneratorOptions;

/** Training through the store, and RiskAssessments and worklist Tasks written by a refresh. */
@ExtendWith(SenServer.class)
class RiskServiceTest {
  private static final LocalDate END = GeneratorOptions.DEFAULT_END;
  static RiskService.TrainingOutcome trained;
  static String enrolledPatient;

  @BeforeAll
  static void recordAndTrain() {
    SenServer.Running sen = SenServer.get();
    IGenericClient fhir = sen.fhirClient();
    Organization org = new Organization().setName("Trạm y tế huấn luyện");
    org.setId("risk-train-org");
    fhir.update().resource(org).execute();
    // 24 patients with 60 days of twice-daily doses, each taking a dose with their own probability;
    // doses not taken leave no record, as when a patient simply does not answer.
    Random random = new Random(17);
    for (int i = 0; i < 24; i++) {
      double p = 0.35 + 0.65 * random.nextDouble();
      long seed = random.nextLong();
      Random doses = new Random(seed);
      HandBuiltRecord record = new HandBuiltRecord("risk-train-" + i, END)
          .patient(LocalDate.of(1940 + i, 1, 1), i % 4 != 0, "Organization/risk-train-org")
          .prescription("risk-train-rx-" + i, 25)
          .doses("risk-train-rx-" + i, 60, (day, dose) -> doses.nextDouble() < p, false);
      post(fhir, record.resources);
    }
    HandBuiltRecord enrolled = new HandBuiltRecord("risk-enrolled-1", END)
        .patient(LocalDate.of(1950, 6, 1), true, "Organization/risk-train-org")
        .prescription("risk-enrolled-rx1", 20)
        .doses("risk-enrolled-rx1", (day, dose) -> (day + dose) % 5 != 0);
    post(fhir, enrolled.resources);
    enrolledPatient = "risk-enrolled-1";
    trained = sen.context().getBean(RiskService.class).train(END.minusDays(30));
  }

  @Test
  void trainingThroughTheStoreStoresAVersionedModel(SenServer.Running sen) {
    assertThat(trained.version()).isPositive();
    assertThat(trained.result().rows()).isGreaterThanOrEqualTo(20);
    double[] low = new HandBuiltRecord("x", END).patient(LocalDate.of(1950, 1, 1), true, "Organization/o")
        .prescription("x1", 20).doses("x1", (day, dose) -> day % 3 == 0).extract(END);
    double[] high = new HandBuiltRecord("y", END).patient(LocalDate.of(1950, 1, 1), true, "Organization/o")
        .prescription("y1", 20).doses("y1", (day, dose) -> day % 15 != 0).extract(END);
    assertThat(trained.result().model().probability(low)).isGreaterThan(trained.result().model().probability(high));
    assertThat(trained.result().asOf()).isEqualTo(END.minusDays(30));
    RiskModelStore.Stored latest = sen.context().getBean(RiskService.class).latestModel();
    assertThat(latest.version()).isGreaterThanOrEqualTo(trained.version());
    assertThat(latest.metricsJson()).contains("\"auc\"").contains("strongestFactors");
  }

  @Test
  void riskOperationWritesValidRiskAssessmentsThatARefreshReplaces(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();

    Bundle first = risk(fhir, enrolledPatient, END);
    Bundle second = risk(fhir, enrolledPatient, END);

    assertThat(first.getEntry()).isNotEmpty();
    WriteCheck check = sen.context().getBean(WriteCheck.class);
    for (Bundle.BundleEntryComponent e : first.getEntry()) {
      RiskAssessment ra = (RiskAssessment) e.getResource();
      assertThat(check.check(ra)).isEmpty();
      assertThat(ra.getSubject().getReference()).isEqualTo("Patient/" + enrolledPatient);
      assertThat(ra.getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue()).isBetween(0.0, 1.0);
      assertThat(ra.getPredictionFirstRep().getOutcome().getCodingFirstRep().getCode())
          .isEqualTo(RiskAssessments.BELOW_80);
      assertThat(ra.getPredictionFirstRep().getRationale()).containsAnyOf("Yếu tố chính", "Không có yếu tố")
          .contains(" / ");
      assertThat(ra.getBasis()).isNotEmpty().allSatisfy(b -> assertThat(b.getReference()).startsWith("MedicationRequest/"));
    }
    List<String> firstIds = first.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    List<String> secondIds = second.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    assertThat(secondIds).containsExactlyElementsOf(firstIds);
    RiskAssessment stored = fhir.read().resource(RiskAssessment.class).withId(firstIds.getFirst()).execute();
    assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
    Bundle byIdentifier = fhir.search().forResource(RiskAssessment.class)
        .where(RiskAssessment.IDENTIFIER.exactly().systemAndCode(RiskAssessments.IDENTIFIER_SYSTEM,
            stored.getIdentifierFirstRep().getValue()))
        .returnBundle(Bundle.class).execute();
    assertThat(byIdentifier.getEntry()).hasSize(1);
  }

  @Test
  void lowAndFallingAdherencePutsOneTaskEachOnTheWorklistAndARefreshAddsNoDuplicate(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    Organization station = new Organization().setName("Trạm y tế thử nghiệm");
    String org = "Organization/" + fhir.create().resource(station).execute().getId().getIdPart();
    // Morning doses taken for 20 days then none; the last fill ran out 20 days ago.
    HandBuiltRecord record = new HandBuiltRecord("risk-low-1", END)
        .patient(LocalDate.of(1945, 3, 1), false, org)
        .prescription("risk-low-rx1", 50)
        .doses("risk-low-rx1", (day, dose) -> day < 20 && dose == 0);
    post(fhir, record.resources);

    Bundle result = risk(fhir, "risk-low-1", END);
    risk(fhir, "risk-low-1", END);

    RiskAssessment ra = (RiskAssessment) result.getEntryFirstRep().getResource();
    assertThat(ra.getPredictionFirstRep().getRationale()).startsWith("Yếu tố chính:").contains("Main factors:");
    assertThat(ra.getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue())
        .isGreaterThanOrEqualTo(RiskService.HIGH_RISK);
    for (WorklistCodes code : List.of(WorklistCodes.HIGH_RISK, WorklistCodes.FALLING_ADHERENCE)) {
      Bundle tasks = fhir.search().forResource(Task.class)
          .where(Task.SUBJECT.hasId("Patient/risk-low-1"))
          .and(Task.CODE.exactly().systemAndCode(WorklistCodes.SYSTEM, code.code()))
          .returnBundle(Bundle.class).execute();
      assertThat(tasks.getEntry()).as(code.code()).singleElement().satisfies(e -> {
        Task t = (Task) e.getResource();
        assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(t.getOwner().getReference()).isEqualTo(org);
        assertThat(t.getFocus().getReference()).isEqualTo("RiskAssessment/" + ra.getIdElement().getIdPart());
      });
    }
  }

  @Test
  void aRefreshOfEveryoneScoresThePatientsWithRecentDoses(SenServer.Running sen) {
    int written = sen.context().getBean(RiskService.class).refreshAll(END);

    assertThat(written).isGreaterThanOrEqualTo(25);
    Bundle trainedOne = sen.fhirClient().search().forResource(RiskAssessment.class)
        .where(RiskAssessment.IDENTIFIER.exactly().systemAndCode(RiskAssessments.IDENTIFIER_SYSTEM,
            RiskAssessments.identifierValue("risk-train-3", "C09A")))
        .returnBundle(Bundle.class).execute();
    assertThat(trainedOne.getEntry()).hasSize(1);
  }

  @Test
  void unknownPatientIs404AndABadDateIs400(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();

    assertThatThrownBy(() -> risk(fhir, "no-such-patient", END)).isInstanceOf(ResourceNotFoundException.class);
    Parameters bad = new Parameters();
    bad.addParameter().setName("asOf").setValue(new org.hl7.fhir.r4.model.StringType("yesterday"));
    assertThatThrownBy(() -> fhir.operation().onInstance(new IdType("Patient", enrolledPatient)).named("$risk")
        .withParameters(bad).returnResourceType(Bundle.class).execute()).isInstanceOf(InvalidRequestException.class);
  }

  private static Bundle risk(IGenericClient fhir, String patientId, LocalDate asOf) {
    Parameters in = new Parameters();
    in.addParameter().setName("asOf").setValue(new DateType(asOf.toString()));
    return fhir.operation().onInstance(new IdType("Patient", patientId)).named("$risk").withParameters(in)
        .returnResourceType(Bundle.class).execute();
  }

  private static void post(IGenericClient fhir, List<Resource> resources) {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Resource r : resources) {
      if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
        String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
        tx.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(ref);
      } else {
        tx.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType());
      }
    }
    fhir.transaction().withBundle(tx).execute();
  }
}
