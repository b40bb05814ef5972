package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MetadataAndOperationsTest extends FhirServerTest {

  private static JsonNode resource(JsonNode cs, String type) {
    for (JsonNode r : cs.path("rest").path(0).path("resource")) {
      if (r.path("type").asText().equals(type)) {
        return r;
      }
    }
    throw new AssertionError(type + " missing");
  }

  @Test
  void capabilityStatementDescribesEveryTypeWithInteractionsAndSearchParameters() {
    Reply reply = get("/metadata");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode cs = reply.json();
    assertThat(cs.path("resourceType").asText()).isEqualTo("CapabilityStatement");
    assertThat(cs.path("fhirVersion").asText()).isEqualTo("4.0.1");
    assertThat(cs.path("format").findValuesAsText("format")).isEmpty();
    assertThat(cs.path("rest").path(0).path("resource")).hasSize(REGISTRY.resourceTypes().size());
    JsonNode observation = resource(cs, "Observation");
    assertThat(observation.path("interaction").findValuesAsText("code"))
        .contains("read", "vread", "update", "patch", "delete", "create", "search-type", "history-instance");
    assertThat(observation.path("searchParam").findValuesAsText("name")).contains("code", "subject", "date");
    assertThat(observation.path("searchInclude").toString()).contains("Observation:subject");
    assertThat(resource(cs, "Patient").path("searchRevInclude").toString()).contains("Observation:subject");
    assertThat(resource(cs, "Patient").path("operation").findValuesAsText("name")).contains("everything", "validate");
    assertThat(cs.path("rest").path(0).path("interaction").findValuesAsText("code")).contains("transaction", "batch");
  }

  @Test
  void capabilityStatementCanBeXml() {
    assertThat(get("/metadata?_format=xml").body()).startsWith("<CapabilityStatement");
  }

  @Test
  void validateReportsProblemsWith200AndAcceptsParameters() {
    Reply invalid = send("POST", "/Observation/$validate", "{\"resourceType\":\"Observation\"}");
    String wrapped = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":"
        + patient(null, "Valid") + "}]}";
    Reply valid = send("POST", "/Patient/$validate", wrapped);
    Reply unknownElement = send("POST", "/Patient/$validate", "{\"resourceType\":\"Patient\",\"nickname\":\"x\"}");
    Reply wrongType = send("POST", "/Observation/$validate", patient(null, "x"));

    assertThat(invalid.status()).isEqualTo(200);
    assertThat(invalid.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(invalid.json().path("issue").findValuesAsText("severity")).contains("error");
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.json().path("issue").findValuesAsText("severity")).doesNotContain("error", "fatal");
    assertThat(unknownElement.status()).isEqualTo(200);
    assertThat(unknownElement.body()).contains("nickname");
    assertThat(wrongType.status()).isEqualTo(400);
  }
}
