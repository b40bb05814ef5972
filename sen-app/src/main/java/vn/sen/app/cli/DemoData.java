package vn.sen.app.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PatientRecord;
import vn.sen.synth.PopulationGenerator;

/**
 * Demo data for {@code ./sen demo}: a small synthetic Vietnamese population from sen-synth, posted as
 * transaction Bundles to Sen's own FHIR API (the same path any client takes). Loaded once: when the
 * first demo patient is already in the record nothing is added. Prints counts only, never patient data.
 */
final class DemoData {
  /** Fixed, so every demo shows the same people. */
  static final long SEED = 20_260_101L;
  static final int DEFAULT_PATIENTS = 100;
  private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String fhirBase;
  private final PrintStream out;

  DemoData(String fhirBase, PrintStream out) {
    this.fhirBase = fhirBase;
    this.out = out;
  }

  /** Loads {@code patients} synthetic patients unless the record already has some; returns false on failure. */
  boolean load(int patients) {
    try {
      PopulationGenerator generator = new PopulationGenerator(GeneratorOptions.defaults(patients, SEED));
      PatientRecord first = generator.patient(1);
      if (isLoaded(first)) {
        out.println("Demo data: already loaded. Delete SEN_DATA_DIR to start over.");
        return true;
      }
      out.println("Demo data: generating and loading " + patients + " synthetic patients (seed " + SEED + ")…");
      long started = System.nanoTime();
      post(generator.sharedBundle(), "shared reference data");
      long resources = 0;
      int failed = 0;
      for (int i = 1; i <= patients; i++) {
        PatientRecord record = i == 1 ? first : generator.patient(i);
        if (post(record.bundle(), "patient bundle " + i)) {
          resources += record.resourcesByType().values().stream().mapToLong(Long::longValue).sum();
        } else {
          failed++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf("Demo data: %d patients, %d resources loaded in %.1f s%s%n", patients - failed, resources,
          seconds, failed == 0 ? "" : " (" + failed + " bundles refused)");
      return failed == 0;
    } catch (IOException e) {
      out.println("Demo data: loading failed: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the first demo patient is already in the record, found by its identifier. */
  private boolean isLoaded(PatientRecord first) throws IOException, InterruptedException {
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, first.bundle());
    Identifier identifier = bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance)
        .map(r -> ((Patient) r).getIdentifierFirstRep())
        .findFirst()
        .orElseThrow(() -> new IOException("the generated demo bundle has no Patient"));
    String token = URLEncoder.encode(identifier.getSystem() + "|" + identifier.getValue(), StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase + "/Patient?_summary=count&identifier=" + token))
        .header("Accept", "application/fhir+json").GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    Matcher m = TOTAL.matcher(response.body());
    if (response.statusCode() != 200 || !m.find()) {
      throw new IOException("cannot search for the demo patients (HTTP " + response.statusCode() + ")");
    }
    return Long.parseLong(m.group(1)) > 0;
  }

  /** Posts one transaction; on refusal prints the status only (the outcome may quote generated data). */
  private boolean post(String bundle, String what) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase))
        .header("Content-Type", "application/fhir+json")
        .header("Prefer", "return=minimal")
        .POST(HttpRequest.BodyPublishers.ofString(bundle)).build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      out.println("Demo data: " + what + " refused with HTTP " + response.statusCode());
      return false;
    }
    return true;
  }
}
