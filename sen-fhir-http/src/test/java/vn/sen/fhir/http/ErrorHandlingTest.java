package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest extends FhirServerTest {

  private static void assertOutcome(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(reply.json().path("issue").path(0).path("diagnostics").asText()).isNotBlank();
  }

  @Test
  void malformedJsonIs400() {
    assertOutcome(send("POST", "/Patient", "{\"resourceType\":\"Patient\","), 400);
  }

  @Test
  void malformedXmlIs400() {
    assertOutcome(send("POST", "/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><name>",
        "Content-Type", "application/fhir+xml"), 400);
  }

  @Test
  void unknownElementIsRefusedByTheStrictParser() {
    Reply reply = send("POST", "/Patient", "{\"resourceType\":\"Patient\",\"nickname\":\"x\"}");

    assertOutcome(reply, 400);
    assertThat(reply.json().path("issue").path(0).path("diagnostics").asText()).contains("nickname");
  }

  @Test
  void invalidPrimitiveValueIs400() {
    assertOutcome(send("POST", "/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"31/12/1950\"}"), 400);
  }

  @Test
  void wrongContentTypeIs415() {
    assertOutcome(send("POST", "/Patient", patient(null, "x"), "Content-Type", "text/plain"), 415);
  }

  @Test
  void emptyBodyIs400() {
    assertOutcome(send("POST", "/Patient", ""), 400);
    assertOutcome(send("PUT", "/Patient/a", "  "), 400);
  }

  @Test
  void bodyOverTheLimitIs413ByContentLength() {
    String big = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(70_000) + "\"}]}";

    assertOutcome(send("POST", "/Patient", big), 413);
  }

  @Test
  void chunkedBodyOverTheLimitIs413WhileReading() throws Exception {
    byte[] big = ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(70_000) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/Patient"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
        .build();

    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertOutcome(new Reply(response.statusCode(), response), 413);
  }

  @Test
  void invalidIdInUrlIs400() {
    assertOutcome(get("/Patient/not_valid"), 400);
    assertOutcome(get("/Patient/" + "a".repeat(65)), 400);
    assertOutcome(get("/Patient/abc/_history/zero"), 400);
  }

  @Test
  void unknownTypeIs404WithOutcome() {
    Reply reply = get("/Patientt/1");

    assertOutcome(reply, 404);
    assertThat(issueCode(reply)).isEqualTo("not-supported");
    assertOutcome(send("POST", "/Nope", patient(null, "x")), 404);
  }

  @Test
  void unsupportedMethodIs405() {
    assertOutcome(send("POST", "/Patient/123", patient(null, "x")), 405);
    assertOutcome(send("DELETE", "/metadata", null), 405);
    assertOutcome(send("PUT", "/Patient", patient(null, "x")), 405);
  }

  @Test
  void unknownOperationIs404() {
    assertOutcome(get("/Patient/1/$nope"), 404);
    assertOutcome(get("/$nope"), 404);
    assertOutcome(get("/Observation/1/$everything"), 404);
  }

  @Test
  void malformedIfMatchIs400() {
    String id = createPatient("Etag");

    assertOutcome(send("PUT", "/Patient/" + id, patient(id, "x"), "If-Match", "yesterday"), 400);
  }

  @Test
  void badSearchValueIs400() {
    assertOutcome(get("/Patient?_count=many"), 400);
    assertOutcome(get("/Patient?birthdate=notadate"), 400);
  }

  @Test
  void malformedPercentEncodingIs400() {
    RawReply reply = raw("GET", "/fhir/Patient?name=%zz", "", new byte[0]);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("OperationOutcome");
  }

  @Test
  void xmlExternalEntitiesAreNeverResolved() {
    String body = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&e;\"/></name></Patient>";

    Reply reply = send("POST", "/Patient", body, "Content-Type", "application/fhir+xml");

    assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
    assertThat(repository.history(new vn.sen.fhir.core.HistoryQuery(null, null, null, null, 10, 0)).versions())
        .isEmpty();
  }
}
