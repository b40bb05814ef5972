package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.R4Examples;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/** Extracting only the parameters a store indexes gives their values and the compartment, as extracting all does. */
class IndexedExtractionTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final FhirPathIndexExtractor extractor = new FhirPathIndexExtractor(new SearchParameterRegistry(FHIR), Set.of());

  /** The types a patient record is made of (all the examples would take a minute). */
  private static final Set<String> CLINICAL = Set.of("Patient", "Observation", "Condition", "Encounter",
      "MedicationRequest", "MedicationDispense", "MedicationStatement", "MedicationAdministration", "Procedure",
      "DiagnosticReport", "Immunization", "AllergyIntolerance", "CarePlan", "Consent", "Coverage", "Goal",
      "ServiceRequest", "Specimen", "DocumentReference", "Composition", "Provenance", "Flag", "Appointment");

  private static List<IndexedValue> only(Extraction all, Predicate<SearchParamDef> indexed) {
    return all.values().stream().filter(v -> indexed.test(v.param())).toList();
  }

  @Test
  void onTheClinicalR4ExamplesTheIndexedValuesAndTheCompartmentAreThoseOfTheFullExtraction() {
    List<Predicate<SearchParamDef>> filters = List.of(
        def -> !def.patientCompartment(),
        def -> def.key() % 2 == 0,
        def -> !def.code().equals("patient") && !def.code().equals("subject"));
    IParser parser = FHIR.newJsonParser();
    int[] compared = {0, 0};
    R4Examples.forEach(example -> {
      if (!CLINICAL.contains(example.name().split("-")[0])) {
        return;
      }
      Resource resource;
      try {
        resource = (Resource) parser.parseResource(example.json());
      } catch (RuntimeException unparsable) {
        return;
      }
      Extraction all = extractor.extract(resource);
      for (Predicate<SearchParamDef> indexed : filters) {
        Extraction some = extractor.extract(resource, indexed);

        assertThat(some.values()).as(example.name()).isEqualTo(only(all, indexed));
        assertThat(some.patientCompartment()).as(example.name()).isEqualTo(all.patientCompartment());
      }
      compared[0]++;
      if (all.patientCompartment() != null) {
        compared[1]++;
      }
    });
    assertThat(compared[0]).isGreaterThan(250);
    assertThat(compared[1]).as("examples in a patient's compartment").isGreaterThan(150);
  }
}
