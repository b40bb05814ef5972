package vn.sen.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.SenProperties;
import vn.sen.app.platform.identity.DemoLogins;
import vn.sen.app.load.LoadOptions;
import vn.sen.app.load.LoadSummary;
import vn.sen.app.load.Loader;
import vn.sen.synth.GenerationSummary;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PopulationGenerator;

/**
 * Demo data for {@code ./sen demo}: a synthetic Vietnamese population of {@value #PATIENTS} patients
 * (fixed seed), generated once into {@code SEN_DATA_DIR/demo-population/} and loaded once; later starts
 * find it generated and journaled as loaded, and neither regenerate nor reload it. An interrupted first
 * load resumes on the next start.
 */
final class DemoData {
  static final int PATIENTS = 2_000;
  static final long SEED = 20_260_101L;
  private static final List<String> COUNTED = List.of("Patient", "Encounter", "Condition", "Observation",
      "MedicationRequest", "MedicationDispense");

  private DemoData() {}

  static void load(ConfigurableApplicationContext context, PrintStream out, PrintStream err) {
    Path dataDir = context.getBean(SenProperties.class).dataDir();
    Path population = dataDir.resolve("demo-population");
    URI fhir = URI.create(Urls.local(context) + "/fhir");
    String token = InProcessSen.systemToken(context);
    out.println();
    try {
      if (!Files.exists(population.resolve("manifest.json"))) {
        out.printf(Locale.ROOT, "Demo data: generating %,d synthetic patients (seed %d) into %s%n", PATIENTS, SEED,
            population);
        GenerationSummary generated = new PopulationGenerator(GeneratorOptions.defaults(PATIENTS, SEED))
            .writeTo(population, (done, total) -> { });
        out.printf(Locale.ROOT, "  generated %,d resources in %.1f s%n", generated.resources(),
            generated.elapsedMillis() / 1000.0);
      }
      LoadSummary summary = new Loader(new ObjectMapper()).load(new LoadOptions(List.of(population), fhir,
          LoadCommand.DEFAULT_CLIENTS, LoadOptions.JournalLocation.inDataDir(dataDir), token), err);
      if (summary.filesLoaded() > 0 || !summary.ok()) {
        out.println("Demo data loaded now:");
        LoadCommand.print(summary, out);
      } else {
        out.println("Demo data: already loaded on an earlier start (" + population + ")");
      }
      printCounts(fhir, token, out);
      DemoLogins logins = context.getBeanProvider(DemoLogins.class).getIfAvailable();
      if (logins != null) {
        logins.seed(fhir, token, out);
      }
    } catch (IOException e) {
      out.println("Demo data: could not be prepared (" + e.getMessage() + "); the record may be incomplete.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("Demo data: interrupted; the next start resumes loading.");
    }
  }

  private static void printCounts(URI fhir, String token, PrintStream out)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    StringBuilder line = new StringBuilder("Demo record holds:");
    for (String type : COUNTED) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fhir + "/" + type + "?_summary=count"))
          .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      long total = json.readTree(r.body()).path("total").asLong(-1);
      line.append(String.format(Locale.ROOT, " %,d %s,", total, type));
    }
    line.setLength(line.length() - 1);
    out.println(line);
  }
}
