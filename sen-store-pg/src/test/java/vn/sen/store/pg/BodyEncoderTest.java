package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class BodyEncoderTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final BodyEncoder encoder = new BodyEncoder(FHIR);

  /** The body as the application context's own parser writes it, versions kept in references. */
  private static String standard(Resource resource) {
    IParser parser = FHIR.newJsonParser();
    parser.setStripVersionsFromReferences(false);
    return parser.encodeResourceToString(resource);
  }

  @Test
  void encodesParsedResourcesExactlyAsTheApplicationsParser() {
    String[] resources = {
        """
        {"resourceType":"MedicationRequest","id":"m1","meta":{"versionId":"2","lastUpdated":"2024-05-01T10:00:00.000+07:00",
          "security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]},
         "contained":[{"resourceType":"Medication","id":"med","code":{"text":"Paracetamol 500 mg"}}],
         "status":"active","intent":"order","medicationReference":{"reference":"#med"},
         "subject":{"reference":"Patient/p1/_history/3"},"requester":{"reference":"Practitioner/d1","display":"BS"},
         "extension":[{"url":"urn:test:ext","valueReference":{"reference":"Encounter/e1"}}],
         "_status":{"extension":[{"url":"urn:test:why","valueString":"x"}]},
         "dosageInstruction":[{"text":"1 viên x 3 lần/ngày","doseAndRate":[{"doseQuantity":{"value":1.50,"unit":"viên"}}]}]}""",
        """
        {"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
         "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-01T08:30:00+07:00",
         "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">BP</div>"},
         "component":[{"code":{"text":"sys"},"valueQuantity":{"value":120,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}"""};
    for (String json : resources) {
      Resource resource = (Resource) FHIR.newJsonParser().parseResource(json);

      String body = new String(encoder.encode(resource), StandardCharsets.UTF_8);

      assertThat(body).isEqualTo(standard(resource));
    }
  }

  @Test
  void keepsVersionedReferencesAndContainedResources() {
    Resource resource = (Resource) FHIR.newJsonParser().parseResource("""
        {"resourceType":"MedicationRequest","status":"active","intent":"order",
         "contained":[{"resourceType":"Medication","id":"med","code":{"text":"x"}}],
         "medicationReference":{"reference":"#med"},"subject":{"reference":"Patient/p1/_history/3"}}""");

    String body = new String(encoder.encode(resource), StandardCharsets.UTF_8);

    assertThat(body).contains("\"reference\":\"Patient/p1/_history/3\"", "\"reference\":\"#med\"",
        "\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"med\"");
  }
}
