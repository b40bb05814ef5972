package vn.sen.app.companion.risk;

import ca.uhn.fhir.context.FhirContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.SenApplication;
import vn.sen.app.cli.ModuleCommand;
import vn.sen.fhir.core.FhirException;

/**
 * {@code ./sen companion train | evaluate | refresh}: the non-adherence model's commands. Each starts Sen
 * on its data directory (SEN_DATA_DIR) without serving, does its work, and prints figures only.
 */
public final class CompanionRiskCommand implements ModuleCommand {
  static final String USAGE = """
      usage: sen companion train [--as-of YYYY-MM-DD] [--population DIR]
               train on the record in Sen (or on a generated NDJSON population) and store the model
             sen companion evaluate --population DIR
               score a held-out population (generate --format ndjson --follow-up-days 30) against its
               ground truth with the stored model: AUC, Brier, reliability, top factors
             sen companion refresh [--patient ID] [--as-of YYYY-MM-DD]
               recompute RiskAssessments (one patient, or everyone) with the stored model""";

  @Override
  public String name() {
    return "companion";
  }

  @Override
  public String summary() {
    return "non-adherence risk: train, evaluate, refresh (companion --help)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
      out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.size(); i++) {
      if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
        err.println("companion: " + args.get(i) + " needs a value");
        err.println(USAGE);
        return 2;
      }
      options.put(args.get(i), args.get(++i));
    }
    LocalDate asOf;
    try {
      asOf = options.containsKey("--as-of") ? LocalDate.parse(options.get("--as-of")) : null;
    } catch (DateTimeParseException e) {
      err.println("companion: --as-of must be YYYY-MM-DD");
      return 2;
    }
    Path population = options.containsKey("--population") ? Path.of(options.get("--population")) : null;
    if (population != null && !Files.isDirectory(population)) {
      err.println("companion: " + population + " is not a directory");
      return 2;
    }
    String verb = args.getFirst();
    if (!List.of("train", "evaluate", "refresh").contains(verb)) {
      err.println("companion: unknown subcommand '" + verb + "'");
      err.println(USAGE);
      return 2;
    }
    if (verb.equals("evaluate") && population == null) {
      err.println("companion evaluate: --population DIR is required");
      return 2;
    }
    try (ConfigurableApplicationContext context = start()) {
      RiskService service = context.getBean(RiskService.class);
      return switch (verb) {
        case "train" -> train(service, context.getBean(FhirContext.class), asOf, population, out);
        case "evaluate" -> evaluate(service, context.getBean(FhirContext.class), population, out);
        default -> refresh(service, options.get("--patient"), asOf, out);
      };
    } catch (FhirException | IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("companion " + verb + ": " + e.getMessage());
      return 1;
    }
  }

  private static ConfigurableApplicationContext start() {
    return SpringApplication.run(SenApplication.class, "--server.port=0", "--server.address=127.0.0.1",
        "--logging.level.root=WARN", "--sen.companion.risk.nightly=false");
  }

  private static int train(RiskService service, FhirContext fhir, @Nullable LocalDate asOf, @Nullable Path population,
      PrintStream out) {
    long started = System.nanoTime();
    RiskService.TrainingOutcome outcome = population == null ? service.train(asOf)
        : service.train(new NdjsonRecordSource(population, fhir), asOf);
    RiskTrainer.Result r = outcome.result();
    out.printf(Locale.ROOT, "trained model v%d as of %s on %d rows (%d patients) in %.1f s%n", outcome.version(),
        r.asOf(), r.rows(), r.patients(), (System.nanoTime() - started) / 1e9);
    print(out, "validation (1 patient in 5 held back)", r.validation());
    print(out, "training (in-sample)", r.training());
    out.println("strongest factors (standardised log-odds weight):");
    for (RiskModel.Contribution c : r.model().strongest(8)) {
      out.printf(Locale.ROOT, "  %-28s %+.2f  %s%n", c.feature().name().toLowerCase(Locale.ROOT), c.logOdds(),
          c.feature().en());
    }
    return 0;
  }

  private static int evaluate(RiskService service, FhirContext fhir, Path population, PrintStream out) {
    long started = System.nanoTime();
    RiskModelStore.Stored model = service.latestModel();
    RiskEvaluation.Result r = new RiskEvaluation().evaluate(model.model(), population,
        new NdjsonRecordSource(population, fhir));
    out.printf(Locale.ROOT, "model v%d on held-out population as of %s: %d patients, %.1f s%n", model.version(),
        r.asOf(), r.patients(), (System.nanoTime() - started) / 1e9);
    print(out, "held-out", r.metrics());
    out.printf(Locale.ROOT, "  for scale: the generator's latent propensity ranks these rows with AUC %.3f%n",
        r.oracleAuc());
    out.printf(Locale.ROOT, "  rows scored without a label %d, labels without a scored row %d%n", r.unlabelledRows(),
        r.unscoredLabels());
    return 0;
  }

  private static int refresh(RiskService service, @Nullable String patient, @Nullable LocalDate asOf,
      PrintStream out) {
    LocalDate day = asOf != null ? asOf : service.today();
    int written = patient != null ? service.refresh(patient, day).size() : service.refreshAll(day);
    out.printf(Locale.ROOT, "wrote %d RiskAssessments as of %s%n", written, day);
    return 0;
  }

  private static void print(PrintStream out, String title, Metrics m) {
    out.printf(Locale.ROOT, "%s: %d rows, %d below 80%% (%.0f%%), AUC %.3f, Brier %.3f%n", title, m.rows(),
        m.positives(), m.rows() == 0 ? 0 : 100.0 * m.positives() / m.rows(), m.auc(), m.brier());
    for (Metrics.Bin b : m.reliability()) {
      out.printf(Locale.ROOT, "  predicted %.1f-%.1f: %5d rows, mean predicted %.2f, observed %.2f%n", b.from(),
          b.to(), b.rows(), b.meanPredicted(), b.observed());
    }
  }
}
