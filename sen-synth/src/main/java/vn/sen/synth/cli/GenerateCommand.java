package vn.sen.synth.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import vn.sen.fhir.core.FhirException;
import vn.sen.synth.GenerationSummary;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.OutputFormat;
import vn.sen.synth.PopulationGenerator;

/**
 * {@code ./sen generate --patients N --seed S --out DIR [--format bundles|ndjson]
 * [--start-date YYYY-MM-DD --end-date YYYY-MM-DD] [--threads T] [--long-history-share X]
 * [--companion-days N] [--follow-up-days N]}.
 * Prints a progress bar to stderr and counts and rates to stdout; never patient data.
 */
public final class GenerateCommand {
  static final String USAGE =
      "usage: generate --patients N --seed S --out DIR [--format bundles|ndjson]"
          + " [--start-date YYYY-MM-DD --end-date YYYY-MM-DD] [--threads T] [--long-history-share X]"
          + " [--companion-days N] [--follow-up-days N]";

  private GenerateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the process exit code (0 ok, 2 bad arguments, 1 failure). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Integer patients = null;
    Long seed = null;
    Path dir = null;
    OutputFormat format = OutputFormat.BUNDLES;
    LocalDate start = null;
    LocalDate end = null;
    Integer threads = null;
    Double longShare = null;
    Integer companionDays = null;
    Integer followUpDays = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          out.println(USAGE);
          return 0;
        }
        if (i + 1 >= args.length) {
          err.println("generate: " + a + " needs a value");
          err.println(USAGE);
          return 2;
        }
        String v = args[++i];
        switch (a) {
          case "--patients" -> patients = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--out" -> dir = Path.of(v);
          case "--format" -> format = switch (v.toLowerCase(Locale.ROOT)) {
            case "bundles" -> OutputFormat.BUNDLES;
            case "ndjson" -> OutputFormat.NDJSON;
            default -> throw new IllegalArgumentException("--format must be bundles or ndjson, was " + v);
          };
          case "--start-date" -> start = LocalDate.parse(v);
          case "--end-date" -> end = LocalDate.parse(v);
          case "--threads" -> threads = Integer.parseInt(v);
          case "--long-history-share" -> longShare = Double.parseDouble(v);
          case "--companion-days" -> companionDays = Integer.parseInt(v);
          case "--follow-up-days" -> followUpDays = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      err.println("generate: bad value: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("generate: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (patients == null || seed == null || dir == null) {
      err.println("generate: --patients, --seed and --out are required");
      err.println(USAGE);
      return 2;
    }
    GeneratorOptions options;
    try {
      options = GeneratorOptions.defaults(patients, seed).withFormat(format);
      if (start != null || end != null) {
        LocalDate e = end != null ? end : GeneratorOptions.DEFAULT_END;
        LocalDate s = start != null ? start : e.minusYears(5).plusDays(1);
        options = options.withWindow(s, e);
      }
      if (threads != null) {
        options = options.withThreads(threads);
      }
      if (longShare != null) {
        options = options.withLongHistoryShare(longShare);
      }
      if (companionDays != null) {
        options = options.withCompanionDays(companionDays);
      }
      if (followUpDays != null) {
        options = options.withFollowUpDays(followUpDays);
      }
    } catch (FhirException e) {
      err.println("generate: " + e.getMessage());
      return 2;
    }
    ProgressBar bar = new ProgressBar(err, options.patients());
    try {
      GenerationSummary s = new PopulationGenerator(options).writeTo(dir, bar::update);
      bar.finish();
      double seconds = Math.max(0.001, s.elapsedMillis() / 1000.0);
      out.printf(Locale.ROOT, "generated %d patients, %d resources in %.1f s (%.0f patients/s, %.0f resources/s)%n",
          s.patients(), s.resources(), seconds, s.patients() / seconds, s.resources() / seconds);
      s.resourcesByType().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(en -> out.printf(Locale.ROOT, "  %-22s %,d%n", en.getKey(), en.getValue()));
      out.println("output: " + dir.toAbsolutePath());
      return 0;
    } catch (IOException e) {
      err.println("generate: cannot write " + dir + ": " + e.getMessage());
      return 1;
    }
  }

  /** A one-line progress bar redrawn at most every 1%. */
  static final class ProgressBar {
    private final PrintStream err;
    private final int total;
    private final long started = System.nanoTime();
    private int lastPercent = -1;

    ProgressBar(PrintStream err, int total) {
      this.err = err;
      this.total = total;
    }

    void update(int done, int ignoredTotal) {
      int percent = (int) (100L * done / total);
      if (percent == lastPercent) {
        return;
      }
      lastPercent = percent;
      int filled = percent / 4;
      double seconds = (System.nanoTime() - started) / 1e9;
      err.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d patients %.0f/s", "#".repeat(filled), ".".repeat(25 - filled),
          percent, done, total, done / Math.max(0.001, seconds));
    }

    void finish() {
      err.println();
    }
  }
}
