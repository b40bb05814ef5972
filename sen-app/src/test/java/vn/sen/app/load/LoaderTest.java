package vn.sen.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.sen.app.SenServer;
import vn.sen.synth.GenerationSummary;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.OutputFormat;
import vn.sen.synth.PopulationGenerator;

@ExtendWith(SenServer.class)
class LoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATIENT_SIDE_TYPES = List.of("Patient", "Encounter", "Observation",
      "MedicationDispense", "MedicationRequest");

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private LoadSummary load(SenServer.Running sen, Path... inputs) throws Exception {
    URI base = URI.create(sen.baseUrl() + "/fhir");
    return new Loader(JSON).load(new LoadOptions(List.of(inputs), base, 2,
        LoadOptions.JournalLocation.nextToInput(base), sen.systemToken()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private long count(SenServer.Running sen, String typeAndQuery) throws Exception {
    String sep = typeAndQuery.contains("?") ? "&" : "?";
    var r = sen.get("/fhir/" + typeAndQuery + sep + "_summary=count");
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("total").asLong();
  }

  private Map<String, Long> counts(SenServer.Running sen) throws Exception {
    var out = new java.util.TreeMap<String, Long>();
    for (String type : PATIENT_SIDE_TYPES) {
      out.put(type, count(sen, type));
    }
    return out;
  }

  @Test
  void loadingGeneratedBundlesGivesTheGeneratedCountsAndARerunLoadsNothingNew(SenServer.Running sen,
      @TempDir Path dir) throws Exception {
    GenerationSummary generated = new PopulationGenerator(GeneratorOptions.defaults(20, 101)).writeTo(dir,
        (d, t) -> { });
    Map<String, Long> before = counts(sen);

    LoadSummary first = load(sen, dir);

    assertThat(first.failures()).isEmpty();
    assertThat(first.filesLoaded()).isEqualTo(21);
    assertThat(first.resources()).isEqualTo(generated.resources());
    Map<String, Long> after = counts(sen);
    for (String type : PATIENT_SIDE_TYPES) {
      assertThat(after.get(type) - before.get(type)).as(type)
          .isEqualTo(generated.resourcesByType().getOrDefault(type, 0L));
    }

    LoadSummary second = load(sen, dir);

    assertThat(second.filesLoaded()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(21);
    assertThat(second.resources()).isZero();
    assertThat(counts(sen)).isEqualTo(after);
  }

  @Test
  void loadingGeneratedNdjsonPutsEveryResourceAndIsIdempotent(SenServer.Running sen, @TempDir Path dir)
      throws Exception {
    GenerationSummary generated = new PopulationGenerator(
        GeneratorOptions.defaults(3, 202).withFormat(OutputFormat.NDJSON)).writeTo(dir, (d, t) -> { });
    long patientsBefore = count(sen, "Patient");

    LoadSummary first = load(sen, dir);
    LoadSummary second = load(sen, dir);

    assertThat(first.failures()).isEmpty();
    assertThat(first.resources()).isEqualTo(generated.resources());
    assertThat(count(sen, "Patient") - patientsBefore).isEqualTo(3);
    assertThat(second.resources()).isZero();
  }

  @Test
  void aCorruptFileIsReportedByNameAndSkippedWhileTheOthersLoad(SenServer.Running sen, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("a-good.json"), transaction(patient("loader-good-1")));
    Files.writeString(dir.resolve("b-broken.json"), "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    Files.writeString(dir.resolve("c-good.json"), transaction(patient("loader-good-2")));

    LoadSummary summary = load(sen, dir);

    assertThat(summary.filesLoaded()).isEqualTo(2);
    assertThat(summary.failures()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("b-broken.json");
      assertThat(f.reason()).startsWith("HTTP 400");
    });
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAILED b-broken.json");
    assertThat(count(sen, "Patient?identifier=" + enc("urn:sen:test|loader-good-1"))).isEqualTo(1);
    assertThat(count(sen, "Patient?identifier=" + enc("urn:sen:test|loader-good-2"))).isEqualTo(1);
  }

  @Test
  void aBundleWithOneBadEntryLoadsNothingOfThatBundle(SenServer.Running sen, @TempDir Path dir) throws Exception {
    String badObservation = """
        {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
          "subject":{"reference":"Patient?identifier=urn:sen:test|nobody-has-this"}},
         "request":{"method":"POST","url":"Observation"}}""";
    Files.writeString(dir.resolve("bundle.json"), transaction(patient("loader-atomic"), badObservation));

    LoadSummary summary = load(sen, dir);

    assertThat(summary.resources()).isZero();
    assertThat(summary.failures()).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("HTTP 4").contains("entry[1]"));
    assertThat(count(sen, "Patient?identifier=" + enc("urn:sen:test|loader-atomic"))).isZero();

    Files.writeString(dir.resolve("bundle.json"), transaction(patient("loader-atomic")) + " ");
    assertThat(load(sen, dir).resources()).as("a fixed file is loaded by the next run").isEqualTo(1);
  }

  @Test
  void aBadNdjsonLineFailsOnlyItsBatch(SenServer.Running sen, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Patient.ndjson"), """
        {"resourceType":"Patient","id":"loader-nd-1","identifier":[{"system":"urn:sen:test","value":"nd-1"}]}
        {"resourceType":"Patient","id":"loader-nd-2"
        """);

    LoadSummary summary = load(sen, dir);

    assertThat(summary.failures()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("Patient.ndjson");
      assertThat(f.part()).isEqualTo("lines 1-2");
      assertThat(f.reason()).contains("line 2");
    });
    assertThat(sen.get("/fhir/Patient/loader-nd-1").statusCode()).isEqualTo(404);
  }

  private static String patient(String identifier) {
    return """
        {"fullUrl":"urn:uuid:%s","resource":{"resourceType":"Patient",
          "identifier":[{"system":"urn:sen:test","value":"%s"}]},
         "request":{"method":"POST","url":"Patient"}}""".formatted(java.util.UUID.randomUUID(), identifier);
  }

  private static String transaction(String... entries) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
