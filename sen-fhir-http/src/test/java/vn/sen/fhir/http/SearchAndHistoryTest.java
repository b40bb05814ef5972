package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchAndHistoryTest extends FhirServerTest {

  private static List<String> ids(JsonNode bundle, String mode) {
    List<String> ids = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      if (e.path("search").path("mode").asText().equals(mode)) {
        ids.add(e.path("resource").path("id").asText());
      }
    }
    return ids;
  }

  private static String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals(relation)) {
        return l.path("url").asText();
      }
    }
    return null;
  }

  @Test
  void searchByIdReturnsASearchsetWithFullUrlsAndStoredBytes() {
    String id = createPatient("An");
    createPatient("Binh");

    Reply reply = get("/Patient?_id=" + id);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode bundle = reply.json();
    assertThat(bundle.path("type").asText()).isEqualTo("searchset");
    assertThat(ids(bundle, "match")).containsExactly(id);
    assertThat(bundle.path("entry").path(0).path("fullUrl").asText()).isEqualTo(base + "/Patient/" + id);
    assertThat(reply.body()).contains(new String(repository.read("Patient", id).orElseThrow().json(),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void pagingLinksKeepTheParametersAndMoveTheOffset() {
    for (int i = 0; i < 5; i++) {
      createPatient("P" + i);
    }

    JsonNode first = get("/Patient?_count=2&_total=accurate").json();
    JsonNode second = get("/Patient?_count=2&_offset=2&_total=accurate").json();

    assertThat(first.path("total").asLong()).isEqualTo(5);
    assertThat(first.path("entry")).hasSize(2);
    assertThat(link(first, "self")).isEqualTo(base + "/Patient?_total=accurate&_count=2&_offset=0");
    assertThat(link(first, "next")).isEqualTo(base + "/Patient?_total=accurate&_count=2&_offset=2");
    assertThat(link(first, "previous")).isNull();
    assertThat(link(second, "previous")).isEqualTo(base + "/Patient?_total=accurate&_count=2&_offset=0");
    assertThat(ids(first, "match")).doesNotContainAnyElementsOf(ids(second, "match"));
  }

  @Test
  void countZeroGivesNoPagingLinksThatWouldLoop() {
    createPatient("Z1");
    createPatient("Z2");

    JsonNode bundle = get("/Patient?_count=0&_offset=1").json();

    assertThat(link(bundle, "next")).isNull();
    assertThat(link(bundle, "previous")).isNull();
    assertThat(bundle.has("entry")).isFalse();
  }

  @Test
  void emptySearchHasNoEntryArray() {
    JsonNode bundle = get("/Patient?_id=none").json();

    assertThat(bundle.has("entry")).isFalse();
    assertThat(bundle.path("type").asText()).isEqualTo("searchset");
  }

  @Test
  void unknownParameterIsReportedInAnOutcomeEntryOrRefusedWhenStrict() {
    createPatient("Chi");

    JsonNode lenient = get("/Patient?bogus=1").json();
    Reply strict = get("/Patient?bogus=1", "Prefer", "handling=strict");

    JsonNode last = lenient.path("entry").path(lenient.path("entry").size() - 1);
    assertThat(last.path("search").path("mode").asText()).isEqualTo("outcome");
    assertThat(last.path("resource").path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(last.path("resource").path("issue").path(0).path("severity").asText()).isEqualTo("warning");
    assertThat(strict.status()).isEqualTo(400);
  }

  @Test
  void summaryCountReturnsOnlyTheTotal() {
    createPatient("D1");
    createPatient("D2");

    JsonNode bundle = get("/Patient?_summary=count").json();

    assertThat(bundle.path("total").asLong()).isEqualTo(2);
    assertThat(bundle.has("entry")).isFalse();
  }

  @Test
  void postSearchTakesFormParameters() {
    String id = createPatient("Giang");
    createPatient("Hai");

    Reply reply = send("POST", "/Patient/_search", "_id=" + id, "Content-Type", "application/x-www-form-urlencoded");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(ids(reply.json(), "match")).containsExactly(id);
    assertThat(link(reply.json(), "self")).contains("_id=" + id);
  }

  @Test
  void systemSearchWithTypeSearchesAcrossTypes() {
    String patient = createPatient("Khanh");
    send("POST", "/Observation", observation(patient));

    JsonNode all = get("/?_type=Patient,Observation").json();
    JsonNode patients = get("/?_type=Patient").json();

    assertThat(all.path("entry")).hasSize(2);
    assertThat(patients.path("entry")).hasSize(1);
  }

  @Test
  void compartmentSearchFindsOnlyThatPatientsResources() {
    String mine = createPatient("Linh");
    String other = createPatient("Minh");
    send("POST", "/Observation", observation(mine));
    send("POST", "/Observation", observation(other));

    JsonNode bundle = get("/Patient/" + mine + "/Observation").json();

    assertThat(bundle.path("entry")).hasSize(1);
    assertThat(bundle.path("entry").path(0).path("resource").path("subject").path("reference").asText())
        .isEqualTo("Patient/" + mine);
    assertThat(link(bundle, "self")).startsWith(base + "/Patient/" + mine + "/Observation?");
  }

  @Test
  void everythingReturnsThePatientFirstAndItsCompartment() {
    String mine = createPatient("Nam");
    String other = createPatient("Oanh");
    send("POST", "/Observation", observation(mine));
    send("POST", "/Observation", observation(other));

    JsonNode bundle = get("/Patient/" + mine + "/$everything").json();
    Reply unknown = get("/Patient/nobody/$everything");

    assertThat(bundle.path("entry")).hasSize(2);
    assertThat(bundle.path("entry").path(0).path("resource").path("id").asText()).isEqualTo(mine);
    assertThat(bundle.path("entry").path(1).path("resource").path("resourceType").asText()).isEqualTo("Observation");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void everythingFiltersByTypeAndPages() {
    String mine = createPatient("Paging");
    for (int i = 0; i < 3; i++) {
      send("POST", "/Observation", observation(mine));
    }

    JsonNode onlyPatient = get("/Patient/" + mine + "/$everything?_type=Patient").json();
    JsonNode firstPage = get("/Patient/" + mine + "/$everything?_count=2").json();
    JsonNode secondPage = get(link(firstPage, "next").substring(base.length())).json();

    assertThat(onlyPatient.path("entry")).hasSize(1);
    assertThat(firstPage.path("entry").path(0).path("resource").path("id").asText()).isEqualTo(mine);
    assertThat(link(firstPage, "next")).startsWith(base + "/Patient/" + mine + "/$everything?");
    assertThat(secondPage.path("entry").size()).isPositive();
    assertThat(secondPage.path("entry").findValuesAsText("id")).doesNotContain(mine);
  }

  @Test
  void instanceHistoryListsVersionsNewestFirstWithMethods() {
    String id = createPatient("Phuong");
    send("PUT", "/Patient/" + id, patient(id, "Phuong2"));
    send("DELETE", "/Patient/" + id, null);

    JsonNode bundle = get("/Patient/" + id + "/_history").json();

    assertThat(bundle.path("type").asText()).isEqualTo("history");
    assertThat(bundle.path("entry")).hasSize(3);
    JsonNode deleted = bundle.path("entry").path(0);
    assertThat(deleted.path("request").path("method").asText()).isEqualTo("DELETE");
    assertThat(deleted.has("resource")).isFalse();
    assertThat(bundle.path("entry").path(1).path("request").path("method").asText()).isEqualTo("PUT");
    assertThat(bundle.path("entry").path(2).path("request").path("method").asText()).isEqualTo("POST");
    assertThat(bundle.path("entry").path(2).path("response").path("status").asText()).startsWith("201");
    assertThat(bundle.path("entry").path(2).path("response").path("etag").asText()).isEqualTo("W/\"1\"");
  }

  @Test
  void typeAndSystemHistoryPageWithCountAndSince() {
    createPatient("Q1");
    createPatient("Q2");
    send("POST", "/Observation", observation("x"));

    JsonNode type = get("/Patient/_history?_count=1").json();
    JsonNode system = get("/_history").json();
    JsonNode since = get("/_history?_since=2999-01-01").json();
    Reply bad = get("/_history?_since=yesterday");

    assertThat(type.path("entry")).hasSize(1);
    assertThat(type.path("total").asLong()).isEqualTo(2);
    assertThat(link(type, "next")).contains("_offset=1");
    assertThat(system.path("entry")).hasSize(3);
    assertThat(since.has("entry")).isFalse();
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void historyOfUnknownResourceIs404() {
    assertThat(get("/Patient/ghost/_history").status()).isEqualTo(404);
  }

  static String observation(String patientId) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"pulse\"},"
        + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"}}";
  }
}
