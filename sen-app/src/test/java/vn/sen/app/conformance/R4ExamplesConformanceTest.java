package vn.sen.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.SenServer;
import vn.sen.fhir.core.R4Examples;

/**
 * Every example instance of the official R4 examples package ({@code hl7.fhir.r4.examples} 4.0.1) is
 * stored with {@code PUT [type]/[id]}, read back equal apart from {@code meta}, and found by {@code _id}
 * and by one of its own search values.
 *
 * <p><b>Which files.</b> The package also carries the specification's own definitions (every
 * SearchParameter, ValueSet, CodeSystem, StructureDefinition, ConceptMap and OperationDefinition of R4,
 * about 4,500 files); they are not examples and are left out unless their file name says "example". That
 * leaves the ~720 instances of ~126 types the issue names.
 *
 * <p><b>Equality rule.</b> Both sides are parsed as JSON trees (decimals kept with their scale) and
 * compared with {@code meta} removed from the top level only: object members compare regardless of
 * order (JSON objects are unordered, HAPI's encoder writes members in definition order), arrays compare
 * in order (order is significant in FHIR), primitives exactly ({@code "1.50"} is not {@code "1.5"}). The
 * narrative {@code text.div} is XHTML that HAPI's encoder re-serialises; it is compared after
 * {@link #xhtmlKey(String)} removes only what XHTML serialisation may change (whitespace between and
 * inside tags, self-closing tag spelling, the XML declaration). Base64 content ({@code data} of an
 * Attachment, Binary or Signature, not of SampledData) compares without whitespace: R4 allows line breaks
 * in base64Binary and HAPI drops them; the bytes are the same.
 *
 * <p>The run writes a full report to {@code target/conformance/r4-examples.txt}.
 */
@ExtendWith(SenServer.class)
class R4ExamplesConformanceTest {
  private static final Logger log = LoggerFactory.getLogger(R4ExamplesConformanceTest.class);

  private static final Set<String> DEFINITION_TYPES = Set.of("SearchParameter", "ValueSet", "CodeSystem",
      "StructureDefinition", "ConceptMap", "OperationDefinition");

  /**
   * Examples that are not valid R4, which the server therefore must refuse (file name → why the
   * example is invalid). Each entry is checked: it must be refused with a 4xx.
   */
  private static final Map<String, String> RIGHTLY_REFUSED = Map.of(
      "Bundle-resources.json", "35 MB body, above the configured payload limit (20 MB by default): 413",
      "ImplementationGuide-fhir.json", "ImplementationGuide.status is 1..1 in R4 and the example has none: 422",
      "ig-r4.json", "ImplementationGuide.status is 1..1 in R4 and the example has none: 422",
      "Questionnaire-qs1.json", "nested Questionnaire.item elements lack linkId, which is 1..1 in R4: 422");

  private static final String EVENT_ARRAY = "server gap: HAPI FHIR's JSON parser refuses a repeating primitive's"
      + " extension array \"_event\": [...] without a value array \"event\" (Timing.event is 0..*, so this is"
      + " valid R4 JSON, https://hl7.org/fhir/R4/json.html#primitive) with HAPI-1820; the strict parser makes it a 400";

  /** Valid examples the server refuses because of a known gap (file name → the gap). Reported. */
  private static final Map<String, String> WRONGLY_REFUSED = Map.of(
      "ActivityDefinition-administer-zika-virus-exposure-assessment.json", EVENT_ARRAY,
      "ActivityDefinition-heart-valve-replacement.json", EVENT_ARRAY,
      "ActivityDefinition-provide-mosquito-prevention-advice.json", EVENT_ARRAY,
      "ActivityDefinition-referralPrimaryCareMentalHealth-initial.json", EVENT_ARRAY,
      "ActivityDefinition-referralPrimaryCareMentalHealth.json", EVENT_ARRAY,
      "ActivityDefinition-serum-dengue-virus-igm.json", EVENT_ARRAY,
      "ActivityDefinition-serum-zika-dengue-virus-igm.json", EVENT_ARRAY,
      "PlanDefinition-example-cardiology-os.json", EVENT_ARRAY,
      "PlanDefinition-low-suicide-risk-order-set.json", EVENT_ARRAY);

  private static final String BUNDLE_ENTRY_ID = "server gap: the id of an entry resource whose fullUrl is a"
      + " urn:uuid is dropped (HAPI's parser option overrideResourceIdWithBundleEntryFullUrl, on by default,"
      + " replaces it with the urn, which is then not encoded)";

  /** Examples stored and read back with a known, reported difference (file name → reason). */
  private static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
      "Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json", BUNDLE_ENTRY_ID,
      "Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json", BUNDLE_ENTRY_ID,
      "Observation-decimal.json", "server gap: HAPI's encoder writes the decimal -1.000000000000000000E+245 in"
          + " plain notation (246 digits): the same value, but its written precision is lost");

  /** Examples whose picked search value does not find them, with the server gap (file name → reason). */
  private static final Map<String, String> KNOWN_UNFINDABLE = Map.of();

  /** What the run found, filled by several client threads. */
  private static final class Tally {
    final AtomicIntegerArray counts = new AtomicIntegerArray(5); // instances, stored, equal, by _id, by value
    final Map<String, String> rejected = new ConcurrentSkipListMap<>();
    final Map<String, String> serverErrors = new ConcurrentSkipListMap<>();
    final Map<String, String> different = new ConcurrentSkipListMap<>();
    final Map<String, String> notFoundById = new ConcurrentSkipListMap<>();
    final Map<String, String> notFoundByValue = new ConcurrentSkipListMap<>();
    final Map<String, String> noValue = new ConcurrentSkipListMap<>();
  }

  @Test
  void everyExampleInstanceIsStoredReadBackEqualAndFoundByIdAndByOneOfItsValues(SenServer.Running sen)
      throws Exception {
    FhirHttp http = new FhirHttp(sen.baseUrl());
    FhirContext fhir = FhirContext.forR4Cached();
    ExampleSearchValue picker = new ExampleSearchValue(fhir);
    Tally t = new Tally();

    // A few clients at once: examples are independent (distinct type/id), and the server has work to overlap.
    ExecutorService clients = Executors.newFixedThreadPool(3);
    List<Future<?>> done = new ArrayList<>();
    R4Examples.forEach(example -> {
      if (isTarget(example.name())) {
        done.add(clients.submit(() -> check(example, http, fhir, picker, t)));
      }
    });
    clients.shutdown();
    for (Future<?> f : done) {
      f.get();
    }

    String summary = "R4 examples: %d instances, %d stored, %d read back equal, %d found by _id, %d found by a value"
        .formatted(t.counts.get(0), t.counts.get(1), t.counts.get(2), t.counts.get(3), t.counts.get(4));
    writeReport(summary, Map.of("Refused by the server", t.rejected, "5xx", t.serverErrors,
        "Read back different", t.different, "Not found by _id", t.notFoundById,
        "Not found by its value", t.notFoundByValue, "No searchable value picked", t.noValue));
    log.info(summary);

    assertThat(t.counts.get(0)).as("example instances in the package").isGreaterThan(700);
    assertThat(t.serverErrors).as("examples answered with 5xx").isEmpty();
    Map<String, String> expectedRefusals = new TreeMap<>(RIGHTLY_REFUSED);
    expectedRefusals.putAll(WRONGLY_REFUSED);
    // valid R4, refused by Sen's access policy: the audit trail is written by Sen alone (docs/security.md)
    Map<String, String> byPolicy = new TreeMap<>();
    t.rejected.forEach((name, why) -> {
      if (name.startsWith("AuditEvent-")) {
        byPolicy.put(name, why);
      }
    });
    assertThat(byPolicy).as("AuditEvent examples refused: the audit trail is read-only").hasSizeGreaterThan(5);
    expectedRefusals.putAll(byPolicy);
    assertThat(t.rejected.keySet()).as("refused examples (each must be listed with its reason)")
        .isEqualTo(expectedRefusals.keySet());
    assertThat(without(t.different, KNOWN_DIFFERENCES)).as("examples read back different").isEmpty();
    assertThat(t.notFoundById).as("examples not found by _id").isEmpty();
    assertThat(without(t.notFoundByValue, KNOWN_UNFINDABLE)).as("examples not found by their own value").isEmpty();
  }

  private static void check(R4Examples.Example example, FhirHttp http, FhirContext fhir, ExampleSearchValue picker,
      Tally t) {
    t.counts.incrementAndGet(0);
    JsonNode original = parse(example.json());
    String type = original.path("resourceType").asText();
    String id = original.path("id").asText();
    String url = "/" + type + "/" + id;

    FhirHttp.Reply put = http.put(url, example.json());
    if (put.status() >= 500) {
      t.serverErrors.put(example.name(), "PUT " + put.status() + " " + abbreviate(put.body()));
      return;
    }
    if (put.status() >= 400) {
      t.rejected.put(example.name(), put.status() + " " + diagnostics(put));
      return;
    }
    t.counts.incrementAndGet(1);

    FhirHttp.Reply read = http.get(url);
    if (read.status() == 200 && withoutMeta(read.json()).equals(withoutMeta(original))) {
      t.counts.incrementAndGet(2);
    } else {
      t.different.put(example.name(), read.status() == 200
          ? firstDifference("", withoutMeta(original), withoutMeta(read.json()))
          : "GET " + read.status());
    }

    FhirHttp.Reply byId = http.get("/" + type + "?_id=" + FhirHttp.enc(id));
    if (contains(byId, type, id)) {
      t.counts.incrementAndGet(3);
    } else {
      t.notFoundById.put(example.name(), "GET " + type + "?_id=" + id + " → " + byId.status());
    }

    Optional<ExampleSearchValue.Pick> pick = picker.pick((Resource) fhir.newJsonParser().parseResource(example.json()));
    if (pick.isEmpty()) {
      t.noValue.put(example.name(), "no token, string, date, reference or uri value");
      return;
    }
    // Together with _id, so a value shared by many examples needs no paging; strict, so an
    // ignored parameter cannot pass for a match.
    String query = "/" + type + "?_id=" + FhirHttp.enc(id) + "&" + pick.get().query();
    FhirHttp.Reply byValue = http.get(query, "Prefer", "handling=strict");
    if (contains(byValue, type, id)) {
      t.counts.incrementAndGet(4);
    } else {
      t.notFoundByValue.put(example.name(), "GET " + type + "?_id=" + id + "&" + pick.get()
          + " → " + byValue.status() + (byValue.status() >= 400 ? " " + diagnostics(byValue) : " (not in result)"));
    }
  }

  static boolean isTarget(String file) {
    String type = file.substring(0, Math.max(0, file.indexOf('-')));
    return !DEFINITION_TYPES.contains(type) || file.contains("example");
  }

  private static Map<String, String> without(Map<String, String> found, Map<String, String> known) {
    Map<String, String> rest = new TreeMap<>(found);
    rest.keySet().removeAll(known.keySet());
    return rest;
  }

  private static boolean contains(FhirHttp.Reply reply, String type, String id) {
    if (reply.status() != 200) {
      return false;
    }
    for (JsonNode entry : reply.json().path("entry")) {
      JsonNode r = entry.path("resource");
      if (r.path("resourceType").asText().equals(type) && r.path("id").asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  static JsonNode parse(String json) {
    try {
      return FhirHttp.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The comparable form: top-level meta removed, every narrative div reduced to its XHTML key. */
  static JsonNode withoutMeta(JsonNode resource) {
    ObjectNode copy = resource.deepCopy();
    copy.remove("meta");
    normaliseDivs(copy);
    return copy;
  }

  private static void normaliseDivs(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode div = object.get("div");
      if (div != null && div.isTextual()) {
        object.put("div", xhtmlKey(div.asText()));
      }
      JsonNode data = object.get("data");
      // SampledData.data (required "dimensions" beside it) is a space-separated list, not base64.
      if (data != null && data.isTextual() && !object.has("dimensions")) {
        object.put("data", data.asText().replaceAll("\\s+", ""));
      }
    }
    for (JsonNode child : node) {
      normaliseDivs(child);
    }
  }

  /**
   * What XHTML re-serialisation may change, removed: whitespace runs (collapsed, and dropped next to
   * tag brackets), {@code <br/>} versus {@code <br></br>}, the XML declaration.
   */
  static String xhtmlKey(String xhtml) {
    return xhtml.replaceFirst("^<\\?xml[^>]*\\?>", "")
        .replaceAll("<([A-Za-z0-9]+)([^<>]*?)\\s*/>", "<$1$2></$1>")
        .replaceAll("\\s+", " ")
        .replaceAll("\\s*([<>])\\s*", "$1");
  }

  /** A JSON-pointer-like path to the first difference, with both values, for the report. */
  static String firstDifference(String path, JsonNode expected, JsonNode actual) {
    if (expected.equals(actual)) {
      return "";
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new java.util.TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode e = expected.get(name);
        JsonNode a = actual.get(name);
        if (e == null || a == null) {
          return path + "/" + name + ": expected " + abbreviate(String.valueOf(e)) + " but was " + abbreviate(String.valueOf(a));
        }
        String d = firstDifference(path + "/" + name, e, a);
        if (!d.isEmpty()) {
          return d;
        }
      }
    }
    if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        String d = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
        if (!d.isEmpty()) {
          return d;
        }
      }
    }
    return path + ": expected " + abbreviate(expected.toString()) + " but was " + abbreviate(actual.toString());
  }

  static String diagnostics(FhirHttp.Reply reply) {
    try {
      List<String> parts = new ArrayList<>();
      for (JsonNode issue : reply.json().path("issue")) {
        parts.add(issue.path("diagnostics").asText() + (issue.has("expression") ? " @" + issue.path("expression") : ""));
      }
      return abbreviate(String.join("; ", parts));
    } catch (UncheckedIOException e) {
      return abbreviate(reply.body());
    }
  }

  static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  private static void writeReport(String summary, Map<String, Map<String, String>> sections) throws IOException {
    StringBuilder text = new StringBuilder(summary).append("\n");
    for (var section : new TreeMap<>(sections).entrySet()) {
      text.append("\n## ").append(section.getKey()).append(" (").append(section.getValue().size()).append(")\n");
      section.getValue().forEach((name, why) -> text.append(name).append(": ").append(why).append("\n"));
    }
    Path dir = Path.of("target", "conformance");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("r4-examples.txt"), text);
  }
}
