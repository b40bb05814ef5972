package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.search.SearchQuery;

class BundleProcessingTest extends FhirServerTest {

  private static String bundle(String type, String... entries) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + String.join(",", entries) + "]}";
  }

  private static String entry(String fullUrl, String resource, String method, String url) {
    return "{" + (fullUrl == null ? "" : "\"fullUrl\":\"" + fullUrl + "\",")
        + (resource == null ? "" : "\"resource\":" + resource + ",")
        + "\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\"}}";
  }

  private int count(String type) {
    return repository.search(SearchQuery.of(type, List.of())).entries().size();
  }

  @Test
  void transactionRewritesUrnUuidReferencesEverywhere() {
    String patientUrn = "urn:uuid:6f1b8a2e-0000-4000-8000-000000000001";
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"pulse\"},"
        + "\"subject\":{\"reference\":\"" + patientUrn + "\"},"
        + "\"extension\":[{\"url\":\"urn:test:ext\",\"valueReference\":{\"reference\":\"" + patientUrn + "\"}}],"
        + "\"_status\":{\"extension\":[{\"url\":\"urn:test:on-primitive\",\"valueReference\":{\"reference\":\""
        + patientUrn + "\"}}]},"
        + "\"contained\":[{\"resourceType\":\"Provenance\",\"id\":\"p1\",\"recorded\":\"2024-01-01T00:00:00Z\","
        + "\"target\":[{\"reference\":\"" + patientUrn + "\"}],\"agent\":[{\"who\":{\"display\":\"x\"}}]}]}";
    String body = bundle("transaction",
        entry("urn:uuid:6f1b8a2e-0000-4000-8000-000000000002", observation, "POST", "Observation"),
        entry(patientUrn, patient(null, "Quang"), "POST", "Patient"));

    Reply reply = send("POST", "", body);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode response = reply.json();
    assertThat(response.path("type").asText()).isEqualTo("transaction-response");
    String patientLocation = response.path("entry").path(1).path("response").path("location").asText();
    String patientId = patientLocation.split("/")[patientLocation.split("/").length - 3];
    String obsLocation = response.path("entry").path(0).path("response").path("location").asText();
    assertThat(response.path("entry").path(0).path("response").path("status").asText()).isEqualTo("201 Created");
    String obsId = obsLocation.split("/")[obsLocation.split("/").length - 3];
    JsonNode stored = get("/Observation/" + obsId).json();
    assertThat(stored.path("subject").path("reference").asText()).isEqualTo("Patient/" + patientId);
    assertThat(stored.path("extension").path(0).path("valueReference").path("reference").asText())
        .isEqualTo("Patient/" + patientId);
    assertThat(stored.path("contained").path(0).path("target").path(0).path("reference").asText())
        .isEqualTo("Patient/" + patientId);
    assertThat(stored.path("_status").path("extension").path(0).path("valueReference").path("reference").asText())
        .isEqualTo("Patient/" + patientId);
  }

  @Test
  void transactionWithAFailingEntryWritesNothing() {
    String existing = createPatient("Son");
    String body = bundle("transaction",
        entry(null, patient(null, "Tam"), "POST", "Patient"),
        entry(null, null, "DELETE", "Patient/" + existing),
        entry(null, patient("wrong-id", "Uyen"), "PUT", "Patient/other-id"));

    Reply reply = send("POST", "", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(reply.json().path("issue").path(0).path("diagnostics").asText()).startsWith("Bundle.entry[2]");
    assertThat(count("Patient")).isEqualTo(1);
    assertThat(get("/Patient/" + existing).status()).isEqualTo(200);
  }

  @Test
  void transactionProcessesDeletesBeforeCreatesBeforeUpdatesBeforeReads() {
    String id = createPatient("Vinh");
    // Listed in reverse of the processing order: the GET must see the PUT, the PUT recreates what the
    // DELETE removed.
    String body = bundle("transaction",
        entry(null, null, "GET", "Patient/" + id),
        entry(null, patient(id, "Vinh2"), "PUT", "Patient/" + id),
        entry(null, patient(null, "Xuan"), "POST", "Patient"),
        entry(null, null, "DELETE", "Patient/" + id));

    JsonNode response = send("POST", "", body).json();

    JsonNode read = response.path("entry").path(0);
    assertThat(read.path("resource").path("name").path(0).path("family").asText()).isEqualTo("Vinh2");
    assertThat(read.path("response").path("etag").asText()).isEqualTo("W/\"3\"");
    assertThat(response.path("entry").path(3).path("response").path("status").asText()).startsWith("200");
    assertThat(response.path("entry").path(1).path("response").path("status").asText()).startsWith("201");
  }

  @Test
  void transactionResolvesConditionalReferencesAndHonoursIfNoneExist() {
    String id = createPatient("Yen");
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
        + "\"subject\":{\"reference\":\"Patient?identifier=urn:test:mrn|Yen\"}}";
    String conditionalCreate = "{\"fullUrl\":\"urn:uuid:6f1b8a2e-0000-4000-8000-00000000000a\","
        + "\"resource\":" + patient(null, "Yen") + ","
        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier=urn:test:mrn|Yen\"}}";
    String second = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
        + "\"subject\":{\"reference\":\"urn:uuid:6f1b8a2e-0000-4000-8000-00000000000a\"}}";

    Reply reply = send("POST", "", bundle("transaction",
        entry(null, observation, "POST", "Observation"), conditionalCreate,
        entry(null, second, "POST", "Observation")));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode response = reply.json();

    assertThat(response.path("entry").path(1).path("response").path("status").asText()).startsWith("200");
    assertThat(count("Patient")).isEqualTo(1);
    for (int i : new int[] {0, 2}) {
      assertThat(response.path("entry").path(i).path("resource").path("subject").path("reference").asText())
          .isEqualTo("Patient/" + id);
    }
  }

  @Test
  void unresolvableConditionalReferenceFailsTheTransaction() {
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
        + "\"subject\":{\"reference\":\"Patient?identifier=urn:test:mrn|nobody\"}}";

    Reply reply = send("POST", "", bundle("transaction", entry(null, observation, "POST", "Observation")));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(count("Observation")).isZero();
  }

  @Test
  void batchEntriesSucceedOrFailIndependently() {
    String body = bundle("batch",
        entry(null, patient(null, "Anh"), "POST", "Patient"),
        entry(null, null, "GET", "Patient/missing"),
        entry(null, patient(null, "Bao"), "POST", "Patient"),
        entry(null, null, "GET", "Nope/1"));

    Reply reply = send("POST", "", body);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode response = reply.json();
    assertThat(response.path("type").asText()).isEqualTo("batch-response");
    assertThat(response.path("entry").path(0).path("response").path("status").asText()).startsWith("201");
    assertThat(response.path("entry").path(1).path("response").path("status").asText()).startsWith("404");
    assertThat(response.path("entry").path(1).path("response").path("outcome").path("resourceType").asText())
        .isEqualTo("OperationOutcome");
    assertThat(response.path("entry").path(2).path("response").path("status").asText()).startsWith("201");
    assertThat(response.path("entry").path(3).path("response").path("status").asText()).startsWith("404");
    assertThat(count("Patient")).isEqualTo(2);
  }

  @Test
  void batchSearchEntryReturnsANestedSearchset() {
    String id = createPatient("Cuong");

    JsonNode response = send("POST", "", bundle("batch", entry(null, null, "GET", "Patient?_id=" + id))).json();

    JsonNode nested = response.path("entry").path(0).path("resource");
    assertThat(nested.path("type").asText()).isEqualTo("searchset");
    assertThat(nested.path("entry").path(0).path("resource").path("id").asText()).isEqualTo(id);
  }

  @Test
  void otherBundleTypesAndEntriesWithoutRequestAre400() {
    assertThat(send("POST", "", bundle("collection")).status()).isEqualTo(400);
    assertThat(send("POST", "", bundle("transaction", "{\"resource\":" + patient(null, "x") + "}")).status())
        .isEqualTo(400);
    assertThat(send("POST", "", patient(null, "NotABundle")).status()).isEqualTo(400);
    assertThat(send("POST", "", bundle("transaction", entry(null, null, "GET", "Nope/1"))).status())
        .isEqualTo(404);
  }

  @Test
  void referenceToAnUnknownUrnFailsTheTransaction() {
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
        + "\"subject\":{\"reference\":\"urn:uuid:6f1b8a2e-0000-4000-8000-0000000000ff\"}}";

    Reply reply = send("POST", "", bundle("transaction", entry(null, observation, "POST", "Observation")));

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void transactionPatchEntryAppliesABinaryJsonPatch() {
    String id = createPatient("Dung");
    String patch = java.util.Base64.getEncoder().encodeToString(
        "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String binary = "{\"resourceType\":\"Binary\",\"contentType\":\"application/json-patch+json\",\"data\":\"" + patch + "\"}";

    Reply reply = send("POST", "", bundle("transaction", entry(null, binary, "PATCH", "Patient/" + id)));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(get("/Patient/" + id).json().path("gender").asText()).isEqualTo("male");
  }

  @Test
  void transactionHonoursIfMatchPerEntry() {
    String id = createPatient("Em");
    String put = "{\"resource\":" + patient(id, "Em2") + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id
        + "\",\"ifMatch\":\"W/\\\"7\\\"\"}}";

    Reply reply = send("POST", "", bundle("transaction", put));

    assertThat(reply.status()).as(reply.body()).isEqualTo(412);
    assertThat(get("/Patient/" + id).header("ETag")).isEqualTo("W/\"1\"");
  }

  @Test
  void referencesToAConditionalUpdateEntryResolveWhetherItCreatesOrUpdates() {
    String existing = createPatient("Giao");
    for (String family : new String[] {"Giao", "Moi"}) {
      String urn = "urn:uuid:6f1b8a2e-0000-4000-8000-0000000000c" + family.length();
      String put = "{\"fullUrl\":\"" + urn + "\",\"resource\":" + patient(null, family)
          + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient?identifier=urn:test:mrn|" + family + "\"}}";
      String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
          + "\"subject\":{\"reference\":\"" + urn + "\"}}";

      Reply reply = send("POST", "", bundle("transaction", put, entry(null, observation, "POST", "Observation")));

      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      String location = reply.json().path("entry").path(0).path("response").path("location").asText();
      String patientId = location.split("/")[location.split("/").length - 3];
      if (family.equals("Giao")) {
        assertThat(patientId).isEqualTo(existing);
      }
      assertThat(reply.json().path("entry").path(1).path("resource").path("subject").path("reference").asText())
          .isEqualTo("Patient/" + patientId);
    }
    assertThat(count("Patient")).isEqualTo(2);
  }
}
