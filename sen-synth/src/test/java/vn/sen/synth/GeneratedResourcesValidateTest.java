package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Everything the generator writes passes HAPI's validator against base R4, offline. */
class GeneratedResourcesValidateTest {
  private static final FhirContext CTX = FhirContext.forR4();
  private static FhirValidator validator;

  @BeforeAll
  static void setUp() {
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(CTX),
        new CommonCodeSystemsTerminologyService(CTX),
        new InMemoryTerminologyServerValidationSupport(CTX),
        new SnapshotGeneratingValidationSupport(CTX));
    validator = CTX.newValidator();
    FhirInstanceValidator instance = new FhirInstanceValidator(chain);
    instance.setNoTerminologyChecks(false);
    validator.registerValidatorModule(instance);
  }

  @Test
  void sampleOfEveryResourceTypeValidatesWithoutErrors() {
    PopulationGenerator generator = new PopulationGenerator(GeneratorOptions.defaults(400, 11));
    Bundle shared = CTX.newJsonParser().parseResource(Bundle.class, generator.sharedBundle());
    List<String> errors = new ArrayList<>(errorsOf(shared, "shared bundle"));
    Map<String, Integer> perType = new LinkedHashMap<>();
    for (int i = 1; i <= 400; i++) {
      Bundle b = CTX.newJsonParser().parseResource(Bundle.class, generator.patient(i).bundle());
      boolean novel = false;
      for (var entry : b.getEntry()) {
        String type = entry.getResource().fhirType();
        int seen = perType.merge(type, 1, Integer::sum);
        if (seen <= 3) {
          novel = true;
        }
      }
      if (novel) {
        errors.addAll(errorsOf(b, "patient " + i));
      }
    }
    assertThat(errors).isEmpty();
    assertThat(perType.keySet())
        .contains("Patient", "Condition", "Encounter", "Observation", "MedicationRequest",
            "MedicationDispense", "RelatedPerson", "ServiceRequest", "Immunization", "AllergyIntolerance",
            "CareTeam", "CarePlan", "MedicationAdministration", "Communication", "Device");
  }

  @Test
  void ndjsonResourcesWithGeneratorIdsAndPlainReferencesValidateWithoutErrors() {
    PopulationGenerator generator =
        new PopulationGenerator(GeneratorOptions.defaults(300, 12).withFormat(OutputFormat.NDJSON));
    Map<String, String> firstLineByType = new TreeMap<>();
    generator.sharedNdjson().forEach((type, text) -> firstLineByType.put(type, text.lines().findFirst().orElseThrow()));
    for (int i = 1; i <= 300; i++) {
      generator.patient(i).ndjsonByType()
          .forEach((type, text) -> firstLineByType.putIfAbsent(type, text.lines().findFirst().orElseThrow()));
    }
    List<String> errors = new ArrayList<>();
    firstLineByType.forEach((type, line) ->
        errors.addAll(errorsOf(CTX.newJsonParser().parseResource(line), "ndjson " + type)));

    assertThat(firstLineByType).hasSizeGreaterThanOrEqualTo(19);
    assertThat(errors).isEmpty();
  }

  private static List<String> errorsOf(org.hl7.fhir.instance.model.api.IBaseResource resource, String where) {
    ValidationResult result = validator.validateWithResult(resource);
    List<String> out = new ArrayList<>();
    result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .forEach(m -> out.add(where + ": " + m.getLocationString() + ": " + m.getMessage()));
    return out;
  }
}
