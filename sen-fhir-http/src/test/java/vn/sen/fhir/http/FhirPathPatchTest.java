package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FhirPathPatchTest extends FhirServerTest {

  private static String operation(String type, String path, String... parts) {
    StringBuilder sb = new StringBuilder("{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"")
        .append(type).append("\"},{\"name\":\"path\",\"valueString\":\"").append(path).append("\"}");
    for (String part : parts) {
      sb.append(',').append(part);
    }
    return sb.append("]}").toString();
  }

  private static String parameters(String... operations) {
    return "{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", operations) + "]}";
  }

  private Reply patch(String id, String body) {
    return send("PATCH", "/Patient/" + id, body, "Content-Type", "application/fhir+json");
  }

  @Test
  void replaceAddAndDeleteChangeTheResource() {
    String id = createPatient("Ha");

    Reply reply = patch(id, parameters(
        operation("replace", "Patient.gender", "{\"name\":\"value\",\"valueCode\":\"male\"}"),
        operation("add", "Patient", "{\"name\":\"name\",\"valueString\":\"birthDate\"}",
            "{\"name\":\"value\",\"valueDate\":\"1950-03-04\"}"),
        operation("delete", "Patient.identifier[0]")));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode stored = get("/Patient/" + id).json();
    assertThat(stored.path("gender").asText()).isEqualTo("male");
    assertThat(stored.path("birthDate").asText()).isEqualTo("1950-03-04");
    assertThat(stored.has("identifier")).isFalse();
    assertThat(stored.path("meta").path("versionId").asText()).isEqualTo("2");
  }

  @Test
  void insertAndMoveReorderARepeatingElement() {
    String id = createPatient("First");

    Reply reply = patch(id, parameters(
        operation("insert", "Patient.name", "{\"name\":\"value\",\"valueHumanName\":{\"family\":\"Zero\"}}",
            "{\"name\":\"index\",\"valueInteger\":0}"),
        operation("move", "Patient.name", "{\"name\":\"source\",\"valueInteger\":1}",
            "{\"name\":\"destination\",\"valueInteger\":0}")));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode names = get("/Patient/" + id).json().path("name");
    assertThat(names.findValuesAsText("family")).containsExactly("First", "Zero");
  }

  @Test
  void operationsThatCannotApplyAre422AndMalformedOnesAre400() {
    String id = createPatient("Err");

    Reply ambiguous = patch(id, parameters(operation("replace", "Patient.nothing",
        "{\"name\":\"value\",\"valueString\":\"x\"}")));
    Reply unknownType = patch(id, parameters(operation("explode", "Patient")));
    Reply badPath = patch(id, parameters(operation("delete", "Patient.name.where(")));
    Reply idChange = patch(id, parameters(operation("replace", "Patient.id",
        "{\"name\":\"value\",\"valueString\":\"other\"}")));

    assertThat(ambiguous.status()).isEqualTo(422);
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(badPath.status()).isIn(400, 422);
    assertThat(idChange.status()).isIn(400, 422);
    assertThat(get("/Patient/" + id).header("ETag")).isEqualTo("W/\"1\"");
  }
}
