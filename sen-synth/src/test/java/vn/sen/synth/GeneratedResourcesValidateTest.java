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
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
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
    Map<String, Resource> samples = new LinkedHashMap<>();
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
        samples.putIfAbsent(type, entry.getResource());
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

  private static List<String> errorsOf(Bundle bundle, String where) {
    ValidationResult result = validator.validateWithResult(bundle);
    List<String> out = new ArrayList<>();
    result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .forEach(m -> out.add(where + ": " + m.getLocationString() + ": " + m.getMessage()));
    return out;
  }
}
