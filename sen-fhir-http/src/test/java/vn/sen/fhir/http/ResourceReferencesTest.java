package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class ResourceReferencesTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final ResourceReferences references = new ResourceReferences(FHIR);

  private static Resource parse(String json) {
    return (Resource) FHIR.newJsonParser().parseResource(json);
  }

  /** What HAPI's terser finds, references without a reference string left out. */
  private static List<Reference> terser(Resource resource) {
    return FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
        .filter(Reference::hasReference).toList();
  }

  @Test
  void findsWhatTheTerserFindsAndReferencesInExtensionsOfPrimitives() {
    Resource observation = parse("""
        {"resourceType":"Observation","status":"final","code":{"text":"pulse"},
         "subject":{"reference":"urn:uuid:1","identifier":{"value":"x","assigner":{"reference":"Organization/o"}}},
         "performer":[{"reference":"Practitioner/a"},{"display":"only a name"},{"reference":"Practitioner/b"}],
         "extension":[{"url":"urn:test:a","valueReference":{"reference":"urn:uuid:2"}},
                      {"url":"urn:test:b","extension":[{"url":"inner","valueReference":{"reference":"Patient/p"}}]}],
         "_status":{"extension":[{"url":"urn:test:c","valueReference":{"reference":"Device/d"}}]},
         "contained":[{"resourceType":"Provenance","id":"p1","recorded":"2024-01-01T00:00:00Z",
                       "target":[{"reference":"urn:uuid:1"}],"agent":[{"who":{"reference":"#p1"}}]}],
         "hasMember":[{"reference":"Observation?code=http://loinc.org|1234-5"}],
         "component":[{"code":{"text":"c"},"valueQuantity":{"value":1}}]}""");

    List<Reference> found = references.of(observation);

    // the terser does not look into extensions on primitives (_status); a urn:uuid there must be rewritten too
    Reference onPrimitive = (Reference) ((Observation) observation).getStatusElement().getExtensionFirstRep().getValue();
    assertThat(found).containsAll(terser(observation)).contains(onPrimitive).hasSize(terser(observation).size() + 1);
    assertThat(found).extracting(Reference::getReference).contains(
        "urn:uuid:1", "Organization/o", "Practitioner/a", "Practitioner/b", "urn:uuid:2", "Patient/p",
        "Device/d", "#p1", "Observation?code=http://loinc.org|1234-5");
    assertThat(found).hasSize(10);
  }

  @Test
  void leavesTheReferencesOfResourcesInsideABundleToThatBundle() {
    Bundle bundle = (Bundle) parse("""
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},
                       "subject":{"reference":"Patient/1"},"participant":[{"individual":{"reference":"Practitioner/2"}}]}},
          {"resource":{"resourceType":"Patient","generalPractitioner":[{"reference":"Organization/3"}]}}]}""");

    assertThat(references.of(bundle)).isEmpty();
    assertThat(terser(bundle)).isEmpty();
  }

  @Test
  void aResourceWithoutReferencesHasNone() {
    Resource patient = parse("""
        {"resourceType":"Patient","name":[{"family":"Nguyễn","given":["An"]}],"birthDate":"1990-01-01"}""");

    assertThat(references.of(patient)).isEmpty();
    assertThat(terser(patient)).isEmpty();
  }
}
