package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.search.SearchParamDef;

class ExpressionCoverageTest {
  private static final Logger log = LoggerFactory.getLogger(ExpressionCoverageTest.class);

  private static final List<String> CLINICAL_TYPES = List.of(
      "Patient", "Observation", "Condition", "Encounter", "MedicationRequest", "MedicationDispense",
      "MedicationAdministration", "AllergyIntolerance", "Immunization", "Procedure", "CarePlan",
      "CareTeam", "Task", "Flag", "Practitioner", "Organization");

  final FhirPathIndexExtractor extractor = new FhirPathIndexExtractor(FhirPathIndexExtractorTest.REGISTRY);

  @Test
  void everyExpressionOfEveryTypeCompilesAndCountsAreReported() {
    int fast = 0;
    List<String> fallback = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (String type : FhirPathIndexExtractorTest.REGISTRY.resourceTypes()) {
      for (SearchParamDef def : FhirPathIndexExtractorTest.REGISTRY.forType(type).values()) {
        if (!extractor.isEvaluable(def)) {
          broken.add(def.qualifiedName());
        } else if (extractor.usesFastPath(def)) {
          fast++;
        } else {
          fallback.add(def.qualifiedName());
        }
      }
    }
    log.info("Search parameter expressions: {} fast path, {} HAPI engine {}, {} not evaluable {}",
        fast, fallback.size(), fallback, broken.size(), broken);

    assertThat(broken).isEmpty();
    assertThat(fast).isGreaterThan(2000);
  }

  @Test
  void commonClinicalTypesUseTheFastPathForEveryParameter() {
    List<String> slow = new ArrayList<>();
    for (String type : CLINICAL_TYPES) {
      for (SearchParamDef def : FhirPathIndexExtractorTest.REGISTRY.forType(type).values()) {
        if (!extractor.usesFastPath(def)) {
          slow.add(def.qualifiedName());
        }
      }
    }
    assertThat(FhirPathIndexExtractorTest.REGISTRY.forType("Observation")).isNotEmpty();
    assertThat(slow).isEmpty();
  }
}
