package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FormatsTest extends FhirServerTest {
  private static final String XML_PATIENT = "<Patient xmlns=\"http://hl7.org/fhir\">"
      + "<identifier><system value=\"urn:test:mrn\"/><value value=\"X1\"/></identifier>"
      + "<name><family value=\"Xuan\"/></name><gender value=\"male\"/></Patient>";

  @Test
  void xmlBodyIsAcceptedAndXmlIsReturnedWhenAsked() {
    Reply created = send("POST", "/Patient", XML_PATIENT, "Content-Type", "application/fhir+xml",
        "Accept", "application/fhir+xml");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Content-Type")).startsWith("application/fhir+xml");
    assertThat(created.body()).startsWith("<Patient xmlns=\"http://hl7.org/fhir\">").contains("Xuan");
  }

  @Test
  void formatParameterOverridesAcceptInAllItsSpellings() {
    String id = createPatient("Yen");

    for (String format : new String[] {"xml", "application/fhir+xml", "application/xml", "text/xml"}) {
      Reply reply = get("/Patient/" + id + "?_format=" + format.replace("+", "%2B"), "Accept", "application/json");
      assertThat(reply.header("Content-Type")).as(format).startsWith("application/fhir+xml");
    }
    assertThat(get("/Patient/" + id + "?_format=application/fhir+json").header("Content-Type"))
        .startsWith("application/fhir+json");
    assertThat(get("/Patient/" + id, "Accept", "application/xml").header("Content-Type"))
        .startsWith("application/fhir+xml");
    assertThat(get("/Patient/" + id, "Accept", "text/html,*/*").header("Content-Type"))
        .startsWith("application/fhir+json");
    assertThat(get("/Patient/" + id, "Accept", "application/fhir+xml;q=0.2, application/fhir+json;q=0.9")
        .header("Content-Type")).startsWith("application/fhir+json");
    assertThat(get("/Patient/" + id, "Accept", "application/json;q=0.5, application/fhir+xml")
        .header("Content-Type")).startsWith("application/fhir+xml");
    assertThat(get("/Patient/" + id + "?_format=html").status()).isEqualTo(406);
  }

  @Test
  void plainJsonContentTypeIsAccepted() {
    assertThat(send("POST", "/Patient", patient(null, "Z"), "Content-Type", "application/json").status())
        .isEqualTo(201);
  }

  @Test
  void prettyPrintsWhenAsked() {
    String id = createPatient("Pretty");

    assertThat(get("/Patient/" + id + "?_format=xml&_pretty=true").body()).contains("\n");
    assertThat(get("/metadata?_pretty=true").body()).contains("\n");
  }

  @Test
  void searchBundleIsConvertedToXml() {
    String id = createPatient("Xml");

    Reply reply = get("/Patient?_id=" + id + "&_format=xml");

    assertThat(reply.body()).startsWith("<Bundle xmlns=\"http://hl7.org/fhir\">")
        .contains("<type value=\"searchset\"/>").contains("<family value=\"Xml\"/>");
  }

  @Test
  void summaryTrueDropsNonSummaryElementsAndTagsSubsetted() {
    String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Sum\"}],"
        + "\"maritalStatus\":{\"text\":\"married\"}}";
    String id = send("POST", "/Patient", body).json().path("id").asText();

    JsonNode read = get("/Patient/" + id + "?_summary=true").json();
    JsonNode searched = get("/Patient?_id=" + id + "&_summary=true").json().path("entry").path(0).path("resource");

    for (JsonNode r : new JsonNode[] {read, searched}) {
      assertThat(r.has("maritalStatus")).isFalse();
      assertThat(r.path("name").path(0).path("family").asText()).isEqualTo("Sum");
      assertThat(r.path("meta").path("tag").findValuesAsText("code")).containsExactly("SUBSETTED");
    }
  }

  @Test
  void elementsKeepsOnlyTheNamedElementsPlusIdAndMeta() {
    String id = createPatient("Elem");

    JsonNode r = get("/Patient?_id=" + id + "&_elements=gender").json().path("entry").path(0).path("resource");

    assertThat(r.path("gender").asText()).isEqualTo("female");
    assertThat(r.has("name")).isFalse();
    assertThat(r.path("id").asText()).isEqualTo(id);
    assertThat(r.path("meta").path("tag").findValuesAsText("code")).containsExactly("SUBSETTED");
  }

  @Test
  void summaryTextAndDataAreHonoured() {
    String body = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\","
        + "\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">N</div>\"},\"name\":[{\"family\":\"T\"}]}";
    String id = send("POST", "/Patient", body).json().path("id").asText();

    JsonNode text = get("/Patient/" + id + "?_summary=text").json();
    JsonNode data = get("/Patient/" + id + "?_summary=data").json();

    assertThat(text.has("text")).isTrue();
    assertThat(text.has("name")).isFalse();
    assertThat(data.has("text")).isFalse();
    assertThat(data.has("name")).isTrue();
    assertThat(text.path("meta").path("tag").findValuesAsText("code")).containsExactly("SUBSETTED");
    assertThat(data.path("meta").path("tag").findValuesAsText("code")).containsExactly("SUBSETTED");
    assertThat(get("/Patient/" + id + "?_summary=bogus").status()).isEqualTo(400);
  }

  @Test
  void transactionResponseCanBeXml() {
    String bundle = "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/><entry><resource>"
        + XML_PATIENT + "</resource><request><method value=\"POST\"/><url value=\"Patient\"/></request></entry></Bundle>";

    Reply reply = send("POST", "", bundle, "Content-Type", "application/fhir+xml", "Accept", "application/fhir+xml");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("<type value=\"transaction-response\"/>").contains("201 Created");
  }

  @Test
  void errorsAreOperationOutcomesInTheNegotiatedFormat() {
    Reply reply = get("/Patient/missing", "Accept", "application/fhir+xml");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Content-Type")).startsWith("application/fhir+xml");
    assertThat(reply.body()).startsWith("<OperationOutcome xmlns=\"http://hl7.org/fhir\">");
  }
}
