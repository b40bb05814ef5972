package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every reference the generator writes resolves: a loader can post the output as it is. */
class ReferentialIntegrityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bundleReferencesResolveInsideTheBundleOrToASharedResource() throws Exception {
    PopulationGenerator g = new PopulationGenerator(GeneratorOptions.defaults(200, 21));
    Set<String> shared = new HashSet<>();
    for (JsonNode entry : JSON.readTree(g.sharedBundle()).get("entry")) {
      assertThat(entry.at("/request/method").asText()).isEqualTo("PUT");
      shared.add(entry.at("/request/url").asText());
    }
    List<String> dangling = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      JsonNode bundle = JSON.readTree(g.patient(i).bundle());
      assertThat(bundle.get("type").asText()).isEqualTo("transaction");
      Set<String> fullUrls = new HashSet<>();
      bundle.get("entry").forEach(e -> fullUrls.add(e.get("fullUrl").asText()));
      for (JsonNode entry : bundle.get("entry")) {
        assertThat(entry.at("/request/method").asText()).isEqualTo("POST");
        for (String ref : references(entry.get("resource"))) {
          boolean ok = ref.startsWith("urn:uuid:") ? fullUrls.contains(ref) : shared.contains(ref);
          if (!ok) {
            dangling.add("patient " + i + ": " + ref);
          }
        }
      }
    }
    assertThat(dangling).isEmpty();
  }

  @Test
  void ndjsonReferencesResolveToWrittenResources() throws Exception {
    PopulationGenerator g = new PopulationGenerator(GeneratorOptions.defaults(150, 22).withFormat(OutputFormat.NDJSON));
    Set<String> ids = new HashSet<>();
    List<JsonNode> resources = new ArrayList<>();
    List<String> texts = new ArrayList<>(g.sharedNdjson().values());
    for (int i = 1; i <= 150; i++) {
      texts.addAll(g.patient(i).ndjsonByType().values());
    }
    for (String text : texts) {
      for (String line : text.split("\n")) {
        JsonNode r = JSON.readTree(line);
        assertThat(ids.add(r.get("resourceType").asText() + "/" + r.get("id").asText())).isTrue();
        resources.add(r);
      }
    }
    List<String> dangling = new ArrayList<>();
    for (JsonNode r : resources) {
      for (String ref : references(r)) {
        if (!ids.contains(ref)) {
          dangling.add(ref);
        }
      }
    }
    assertThat(dangling).isEmpty();
  }

  private static List<String> references(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode ref = node.get("reference");
      if (ref != null && ref.isTextual()) {
        out.add(ref.asText());
      }
      node.elements().forEachRemaining(child -> collect(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }
}
