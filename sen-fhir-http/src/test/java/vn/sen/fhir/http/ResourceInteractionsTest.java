package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ResourceInteractionsTest extends FhirServerTest {

  @Test
  void createIgnoresClientIdAndAnswersWithLocationEtagAndRepresentation() {
    Reply created = send("POST", "/Patient", patient("client-chosen", "Nguyen"));

    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(id).isNotEqualTo("client-chosen");
    assertThat(created.header("Location")).isEqualTo(base + "/Patient/" + id + "/_history/1");
    assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
    assertThat(created.header("Last-Modified")).endsWith("GMT");
    assertThat(created.header("Content-Type")).startsWith("application/fhir+json");
    assertThat(created.json().path("meta").path("versionId").asText()).isEqualTo("1");
  }

  @Test
  void readServesTheStoredResourceWithVersionHeaders() {
    String id = createPatient("Tran");

    Reply read = get("/Patient/" + id);

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("name").path(0).path("family").asText()).isEqualTo("Tran");
    assertThat(read.header("ETag")).isEqualTo("W/\"1\"");
    assertThat(read.body()).isEqualTo(new String(repository.read("Patient", id).orElseThrow().json(),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void readOfUnknownIdIs404WithOperationOutcome() {
    Reply read = get("/Patient/nobody");

    assertThat(read.status()).isEqualTo(404);
    assertThat(read.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(issueCode(read)).isEqualTo("not-found");
  }

  @Test
  void readOfDeletedResourceIs410() {
    String id = createPatient("Le");
    assertThat(send("DELETE", "/Patient/" + id, null).status()).isEqualTo(200);

    Reply read = get("/Patient/" + id);

    assertThat(read.status()).isEqualTo(410);
    assertThat(issueCode(read)).isEqualTo("deleted");
  }

  @Test
  void ifNoneMatchWithCurrentEtagIs304() {
    String id = createPatient("Pham");

    assertThat(get("/Patient/" + id, "If-None-Match", "W/\"1\"").status()).isEqualTo(304);
    assertThat(get("/Patient/" + id, "If-None-Match", "W/\"9\"").status()).isEqualTo(200);
  }

  @Test
  void ifModifiedSinceNotBeforeLastUpdatedIs304() {
    String id = createPatient("Hoang");
    String future = ResponseWriter.httpDate(Instant.now().plus(1, ChronoUnit.HOURS));
    String past = ResponseWriter.httpDate(Instant.now().minus(1, ChronoUnit.HOURS));

    assertThat(get("/Patient/" + id, "If-Modified-Since", future).status()).isEqualTo(304);
    assertThat(get("/Patient/" + id, "If-Modified-Since", past).status()).isEqualTo(200);
  }

  @Test
  void updateCreatesNewVersionsAndVreadReturnsOldOnes() {
    String id = createPatient("Vu");

    Reply updated = send("PUT", "/Patient/" + id, patient(id, "Vo"));

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
    assertThat(updated.header("Location")).isEqualTo(base + "/Patient/" + id + "/_history/2");
    assertThat(get("/Patient/" + id + "/_history/1").json().path("name").path(0).path("family").asText())
        .isEqualTo("Vu");
    assertThat(get("/Patient/" + id + "/_history/2").json().path("name").path(0).path("family").asText())
        .isEqualTo("Vo");
    assertThat(get("/Patient/" + id + "/_history/3").status()).isEqualTo(404);
  }

  @Test
  void updateOfUnknownIdCreatesWithClientIdAs201() {
    Reply created = send("PUT", "/Patient/chosen-1", patient("chosen-1", "Dang"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(get("/Patient/chosen-1").status()).isEqualTo(200);
  }

  @Test
  void updateWithBodyIdDifferentFromUrlIs400() {
    Reply reply = send("PUT", "/Patient/a1", patient("b2", "Bui"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("issue").path(0).path("expression").path(0).asText()).isEqualTo("Patient.id");
  }

  @Test
  void updateWithoutBodyIdIs400() {
    assertThat(send("PUT", "/Patient/a1", patient(null, "Bui")).status()).isEqualTo(400);
  }

  @Test
  void ifMatchWithStaleVersionIs412() {
    String id = createPatient("Do");
    send("PUT", "/Patient/" + id, patient(id, "Do2"));

    Reply stale = send("PUT", "/Patient/" + id, patient(id, "Do3"), "If-Match", "W/\"1\"");
    Reply current = send("PUT", "/Patient/" + id, patient(id, "Do3"), "If-Match", "W/\"2\"");

    assertThat(stale.status()).isEqualTo(412);
    assertThat(current.status()).isEqualTo(200);
  }

  @Test
  void preferMinimalSendsNoBodyAndPreferOutcomeSendsOperationOutcome() {
    Reply minimal = send("POST", "/Patient", patient(null, "Ngo"), "Prefer", "return=minimal");
    Reply outcome = send("POST", "/Patient", patient(null, "Ngo"), "Prefer", "return=OperationOutcome");

    assertThat(minimal.status()).isEqualTo(201);
    assertThat(minimal.raw().body()).isEmpty();
    assertThat(minimal.header("Location")).isNotNull();
    assertThat(outcome.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.json().path("issue").path(0).path("severity").asText()).isEqualTo("information");
  }

  @Test
  void conditionalCreateReturnsTheExistingMatchWith200() {
    String id = createPatient("Duong");

    Reply again = send("POST", "/Patient", patient(null, "Duong"), "If-None-Exist",
        "identifier=urn:test:mrn|Duong");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(id);
    assertThat(repository.search(vn.sen.fhir.core.search.SearchQuery.of("Patient", java.util.List.of()))
        .entries()).hasSize(1);
  }

  @Test
  void conditionalUpdateCreatesUpdatesOrRefusesByMatchCount() {
    Reply created = send("PUT", "/Patient?identifier=urn:test:mrn|Ly", patient(null, "Ly"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();

    Reply updated = send("PUT", "/Patient?identifier=urn:test:mrn|Ly", patient(null, "Ly"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("id").asText()).isEqualTo(id);
    assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");

    createPatient("Ly");
    Reply ambiguous = send("PUT", "/Patient?identifier=urn:test:mrn|Ly", patient(null, "Ly"));
    assertThat(ambiguous.status()).isEqualTo(412);
    assertThat(issueCode(ambiguous)).isEqualTo("multiple-matches");
  }

  @Test
  void conditionalDeleteDeletesOneAndRefusesSeveral() {
    String id = createPatient("Mai");

    assertThat(send("DELETE", "/Patient?identifier=urn:test:mrn|Mai", null).status()).isEqualTo(200);
    assertThat(get("/Patient/" + id).status()).isEqualTo(410);
    assertThat(send("DELETE", "/Patient?identifier=urn:test:mrn|Mai", null).status()).isEqualTo(200);

    createPatient("Lan");
    createPatient("Lan");
    assertThat(send("DELETE", "/Patient?identifier=urn:test:mrn|Lan", null).status()).isEqualTo(412);
  }

  @Test
  void deleteOfUnknownResourceIs200WithOutcome() {
    Reply reply = send("DELETE", "/Patient/never", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  void jsonPatchChangesTheResourceAndBumpsTheVersion() {
    String id = createPatient("Cao");
    String patch = "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]";

    Reply patched = send("PATCH", "/Patient/" + id, patch, "Content-Type", "application/json-patch+json");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().path("gender").asText()).isEqualTo("male");
    assertThat(patched.header("ETag")).isEqualTo("W/\"2\"");
  }

  @Test
  void jsonPatchMayNotChangeTheIdAndMustProduceAValidResource() {
    String id = createPatient("Ha");

    Reply idChange = send("PATCH", "/Patient/" + id, "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"x\"}]",
        "Content-Type", "application/json-patch+json");
    Reply invalid = send("PATCH", "/Patient/" + id, "[{\"op\":\"add\",\"path\":\"/bogus\",\"value\":1}]",
        "Content-Type", "application/json-patch+json");
    Reply failedTest = send("PATCH", "/Patient/" + id,
        "[{\"op\":\"test\",\"path\":\"/gender\",\"value\":\"male\"}]", "Content-Type", "application/json-patch+json");
    Reply stale = send("PATCH", "/Patient/" + id, "[]", "Content-Type", "application/json-patch+json",
        "If-Match", "W/\"5\"");

    assertThat(idChange.status()).isEqualTo(400);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(failedTest.status()).isEqualTo(422);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(get("/Patient/" + id).header("ETag")).isEqualTo("W/\"1\"");
  }

  @Test
  void patchWithOtherContentTypeIs415() {
    String id = createPatient("Kim");

    assertThat(send("PATCH", "/Patient/" + id, "{}", "Content-Type", "text/plain").status()).isEqualTo(415);
    assertThat(send("PATCH", "/Patient/" + id, patient(id, "x"), "Content-Type", "application/fhir+json").status())
        .isEqualTo(400);
  }

  @Test
  void writeCheckViolationIs422WithItsIssues() {
    String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + REJECTED_SYSTEM
        + "\",\"value\":\"1\"}]}";

    Reply reply = send("POST", "/Patient", body);

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("business-rule");
    assertThat(reply.json().path("issue").path(0).path("expression").path(0).asText())
        .isEqualTo("Patient.identifier[0].system");
  }

  @Test
  void resourceTypeDifferentFromUrlIs400() {
    Reply reply = send("POST", "/Observation", patient(null, "Trinh"));

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void decimalsKeepTheirPrecisionThroughPatchAndPrettyPrinting() {
    String obs = "{\"resourceType\":\"Observation\",\"status\":\"preliminary\",\"code\":{\"text\":\"Hb\"},"
        + "\"valueQuantity\":{\"value\":1.50,\"unit\":\"g/dL\"}}";
    String id = send("POST", "/Observation", obs).json().path("id").asText();

    Reply patched = send("PATCH", "/Observation/" + id, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"final\"}]",
        "Content-Type", "application/json-patch+json");
    Reply pretty = get("/Observation/" + id + "?_pretty=true");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body()).contains("1.50");
    assertThat(pretty.body()).contains("\n").contains("1.50").contains("final");
  }

  @Test
  void vreadOfADeletionIs410AndOfAnUnknownResourceIs404() {
    String id = createPatient("Gone");
    send("DELETE", "/Patient/" + id, null);

    assertThat(get("/Patient/" + id + "/_history/2").status()).isEqualTo(410);
    assertThat(get("/Patient/" + id + "/_history/1").status()).isEqualTo(200);
    assertThat(get("/Patient/unknown/_history/1").status()).isEqualTo(404);
  }

  @Test
  void headReturnsHeadersWithoutBody() {
    String id = createPatient("Head");

    Reply reply = send("HEAD", "/Patient/" + id, null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("W/\"1\"");
    assertThat(reply.raw().body()).isEmpty();
  }
}
