package vn.sen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Patients the read-side phases ask about, taken from the population files (CCCD, full name, a
 * condition code) and resolved to their server ids by a search on the CCCD, so the same sample works
 * on a server loaded earlier ({@code --skip-ingest}). Held in memory: a few hundred small records.
 */
final class PatientSample {
  static final String CCCD_SYSTEM = "http://fhir.ehealth.gov.vn/core/sid/citizen_id";
  static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";

  /** One sampled patient (kept in memory only, never printed). */
  record Sampled(String id, String cccd, String name, @Nullable String conditionCode) {}

  private final ObjectMapper json;
  private final HttpClient http;
  private final URI fhirBase;

  PatientSample(ObjectMapper json, HttpClient http, URI fhirBase) {
    this.json = json;
    this.http = http;
    this.fhirBase = fhirBase;
  }

  List<Sampled> resolve(Population population, List<Integer> indices) throws IOException, InterruptedException {
    List<Sampled> out = new ArrayList<>();
    for (int index : indices) {
      Sampled s = fromBundle(json.readTree(population.patientBundle(index).toFile()));
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private @Nullable Sampled fromBundle(JsonNode bundle) throws IOException, InterruptedException {
    String cccd = null;
    String name = null;
    String condition = null;
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode r = entry.path("resource");
      String type = r.path("resourceType").asText();
      if (type.equals("Patient")) {
        for (JsonNode id : r.path("identifier")) {
          if (CCCD_SYSTEM.equals(id.path("system").asText())) {
            cccd = id.path("value").asText();
          }
        }
        name = r.path("name").path(0).path("text").asText(null);
      } else if (type.equals("Condition") && condition == null) {
        for (JsonNode coding : r.path("code").path("coding")) {
          if (ICD10.equals(coding.path("system").asText())) {
            condition = coding.path("code").asText();
          }
        }
      }
    }
    if (cccd == null || name == null) {
      return null;
    }
    String id = serverId(cccd);
    return id == null ? null : new Sampled(id, cccd, name, condition);
  }

  private @Nullable String serverId(String cccd) throws IOException, InterruptedException {
    URI uri = URI.create(fhirBase + "/Patient?identifier="
        + URLEncoder.encode(CCCD_SYSTEM + "|" + cccd, StandardCharsets.UTF_8) + "&_elements=id");
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Accept", "application/fhir+json").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode id = json.readTree(r.body()).path("entry").path(0).path("resource").path("id");
    return id.isTextual() ? id.asText() : null;
  }
}
