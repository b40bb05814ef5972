package vn.sen.app.companion.adherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PatientRecord;
import vn.sen.synth.PopulationGenerator;

/**
 * {@code Patient/$adherence} end to end, through HAPI's generic client against the whole application,
 * on a patient from sen-synth's generator whose ground truth says how each dose ended.
 */
@ExtendWith(SenServer.class)
class AdherenceOperationTest {
  private static final String CODES = "https://sen.health.vn/fhir/CodeSystem/companion";
  /** The end of the generator's companion window (its last day is Sep 29), midnight in Vietnam. */
  private static final String AS_OF = "2026-09-30T00:00:00+07:00";

  private static IGenericClient fhir;
  private static String patientId;
  private static PatientRecord generated;

  @BeforeAll
  static void loadOneGeneratedPatient() {
    fhir = SenServer.get().fhirClient();
    PopulationGenerator generator = new PopulationGenerator(GeneratorOptions.defaults(40, 42));
    fhir.transaction().withBundle(generator.sharedBundle()).execute();
    for (int i = 1; generated == null; i++) {
      PatientRecord r = generator.patient(i);
      if (r.resourcesByType().getOrDefault("MedicationAdministration", 0L) >= 20
          && r.resourcesByType().getOrDefault("MedicationDispense", 0L) >= 4) {
        generated = r;
      }
    }
    // the patient's id from the transaction's answer: other tests load other populations into the same
    // database, whose generated internal identifiers (SYN0000001…) repeat
    Bundle request = fhir.getFhirContext().newJsonParser().parseResource(Bundle.class, generated.bundle());
    Bundle response = fhir.transaction().withBundle(request).execute();
    for (int i = 0; i < request.getEntry().size(); i++) {
      if (request.getEntry().get(i).getResource() instanceof Patient) {
        patientId = new IdType(response.getEntry().get(i).getResponse().getLocation()).getIdPart();
      }
    }
  }

  private static Bundle adherence(String id, Parameters in) {
    return fhir.operation().onInstance(new IdType("Patient", id)).named("$adherence").withParameters(in)
        .returnResourceType(Bundle.class).execute();
  }

  private static Parameters asOf(String when, boolean persist) {
    Parameters p = new Parameters();
    p.addParameter().setName("asOf").setValue(new DateTimeType(when));
    p.addParameter().setName("persist").setValue(new BooleanType(persist));
    return p;
  }

  private static Observation overall(Bundle b, String code, String windowSuffix) {
    return b.getEntry().stream().map(e -> (Observation) e.getResource())
        .filter(o -> o.getCode().getCodingFirstRep().getCode().equals(code))
        .filter(o -> o.getIdentifierFirstRep().getValue().endsWith(windowSuffix))
        .findFirst().orElseThrow();
  }

  private static int component(Observation o, String code) {
    return o.getComponent().stream().filter(c -> c.getCode().getCodingFirstRep().getCode().equals(code))
        .map(c -> ((IntegerType) c.getValue()).getValue()).findFirst().orElseThrow();
  }

  /** The generator's own account of the doses due in the last {@code days} days before {@link #AS_OF}. */
  private static Map<String, Integer> groundTruth(int days) throws Exception {
    Instant end = Instant.parse("2026-09-29T17:00:00Z");
    Instant start = end.minusSeconds(days * 86_400L);
    Map<String, Integer> counts = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : generated.truthDoses().split("\n")) {
      if (!line.isBlank()) {
        JsonNode d = json.readTree(line);
        Instant at = java.time.OffsetDateTime.parse(d.path("scheduled").asText()).toInstant();
        if (!at.isBefore(start) && at.isBefore(end)) {
          counts.merge(d.path("outcome").asText(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  @Test
  void doseLevelCountsAgreeWithTheGeneratorsGroundTruth() throws Exception {
    Bundle b = adherence(patientId, asOf(AS_OF, false));

    for (int days : List.of(7, 90)) {
      Observation o = overall(b, "dose-adherence", "/" + days + "d/all");
      Map<String, Integer> truth = groundTruth(days);
      assertThat(component(o, "doses-on-time") + component(o, "doses-late"))
          .isEqualTo(truth.getOrDefault("taken", 0) + truth.getOrDefault("late", 0));
      assertThat(component(o, "doses-skipped")).isEqualTo(truth.getOrDefault("skipped", 0));
      assertThat(component(o, "doses-missed")).isEqualTo(truth.getOrDefault("missed", 0));
      int taken = truth.getOrDefault("taken", 0) + truth.getOrDefault("late", 0);
      int all = truth.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(o.getValueQuantity().getValue().doubleValue()).isCloseTo(100.0 * taken / all,
          org.assertj.core.api.Assertions.within(0.05));
      assertThat(o.getValueQuantity().getCode()).isEqualTo("%");
    }
  }

  @Test
  void pdcIsGivenPerClassAndOverallWithItsInterpretation() {
    Bundle b = adherence(patientId, asOf(AS_OF, false));

    List<Observation> pdc = b.getEntry().stream().map(e -> (Observation) e.getResource())
        .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("pdc")).toList();
    assertThat(pdc).hasSizeGreaterThanOrEqualTo(2);
    assertThat(pdc).anySatisfy(o -> assertThat(o.getIdentifierFirstRep().getValue()).endsWith("/pdc/all"));
    for (Observation o : pdc) {
      double value = o.getValueQuantity().getValue().doubleValue();
      assertThat(value).isBetween(0.0, 100.0);
      assertThat(component(o, "days-covered")).isLessThanOrEqualTo(component(o, "days-in-period"));
      assertThat(o.getInterpretationFirstRep().getCodingFirstRep().getCode())
          .isEqualTo(value >= 80.0 ? "adherent" : "non-adherent");
      assertThat(o.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2026-09-30");
    }
  }

  @Test
  void persistingWritesObservationsThatARecomputationReplaces() {
    int before = observationCount();
    Bundle first = adherence(patientId, asOf(AS_OF, true));
    int afterFirst = observationCount();
    Bundle second = adherence(patientId, asOf(AS_OF, true));

    assertThat(afterFirst - before).isEqualTo(first.getEntry().size());
    assertThat(observationCount()).as("replaced, not added").isEqualTo(afterFirst);
    Observation week = overall(second, "dose-adherence", "/7d/all");
    Observation stored = fhir.read().resource(Observation.class).withId(week.getIdElement().getIdPart()).execute();
    assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
    assertThat(stored.getIdentifierFirstRep().getValue()).isEqualTo(week.getIdentifierFirstRep().getValue());
    assertThat(stored.getValueQuantity().getValue()).isEqualByComparingTo(week.getValueQuantity().getValue());
  }

  @Test
  void computingWithoutPersistingWritesNothing() {
    int before = observationCount();

    adherence(patientId, asOf(AS_OF, false));

    assertThat(observationCount()).isEqualTo(before);
  }

  @Test
  void anInstructionSenCannotReadBecomesATaskForThePrescriberOnce() {
    MedicationRequest mr = new MedicationRequest();
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setSubject(new Reference("Patient/" + patientId));
    mr.setMedication(new Reference("Medication/med-amlodipine").setDisplay("Amlodipin 5 mg"));
    mr.setRequester(new Reference("Practitioner/dr-unknown"));
    mr.setAuthoredOnElement(new DateTimeType("2026-09-01"));
    mr.addDosageInstruction().setText("Uống theo lời dặn của bác sĩ");
    String mrId = fhir.create().resource(mr).execute().getId().getIdPart();

    adherence(patientId, asOf(AS_OF, true));
    adherence(patientId, asOf(AS_OF, true));

    Bundle tasks = fhir.search().forResource(Task.class).where(Task.FOCUS.hasId("MedicationRequest/" + mrId))
        .returnBundle(Bundle.class).execute();
    assertThat(tasks.getEntry()).hasSize(1);
    Task task = (Task) tasks.getEntryFirstRep().getResource();
    assertThat(task.getCode().getCodingFirstRep().getSystem()).isEqualTo(CODES);
    assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("sig-review");
    assertThat(task.getOwner().getReference()).isEqualTo("Practitioner/dr-unknown");
    assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    fhir.delete().resourceById("MedicationRequest", mrId).execute();
  }

  @Test
  void badRequestsGetOperationOutcomes() {
    assertThatThrownBy(() -> adherence("no-such-patient", asOf(AS_OF, false)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> adherence(patientId, asOf("2026", false)))
        .isInstanceOf(InvalidRequestException.class);
    Parameters badPersist = new Parameters();
    badPersist.addParameter().setName("persist").setValue(new org.hl7.fhir.r4.model.StringType("maybe"));
    assertThatThrownBy(() -> adherence(patientId, badPersist)).isInstanceOf(InvalidRequestException.class);
    assertThat(SenServer.get().get("/fhir/Patient/" + patientId + "/$adherence").statusCode()).isEqualTo(405);
  }

  private static int observationCount() {
    Bundle b = fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + patientId))
        .and(Observation.CATEGORY.exactly().code("therapy")).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
        .returnBundle(Bundle.class).execute();
    return b.getTotal();
  }
}
