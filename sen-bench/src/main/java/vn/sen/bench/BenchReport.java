package vn.sen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The results of one run: printed as a table and written as JSON ({@code bench-<timestamp>.json}).
 *
 * @param rows one per measured figure
 */
record BenchReport(String startedAt, String commit, String command, int patients, long seed, String target,
    String heap, int cpus, @Nullable Ingest ingest, @Nullable Long databaseBytes, long jsonBytes,
    @Nullable Double databaseToJson, String sample, Map<String, Double> firstPageHits, List<Row> rows) {

  /** Ingest figures. */
  record Ingest(int bundles, long resources, double seconds, double resourcesPerSecond, int clients,
      double bundleP50Ms, double bundleP95Ms, double bundleP99Ms, long failedBundles) {}

  /** One line of the table. */
  record Row(String caller, String phase, String request, int clients, long requests, long errors, double perSecond,
      double p50Ms, double p95Ms, double p99Ms, double maxMs) {}

  static List<Row> rows(Caller caller, RequestPhase.Result phase) {
    List<Row> rows = new ArrayList<>();
    rows.add(row(caller, phase.name(), phase.byKind().size() == 1 ? phase.byKind().keySet().iterator().next().shape : "all",
        phase.clients(), phase.all(), phase.requestsPerSecond()));
    if (phase.byKind().size() > 1) {
      phase.byKind().forEach((kind, l) -> rows.add(row(caller, phase.name(), kind.shape, phase.clients(), l,
          l.count() / Math.max(0.001, phase.seconds()))));
    }
    return rows;
  }

  private static Row row(Caller caller, String phase, String request, int clients, Latencies l,
      double perSecond) {
    return new Row(caller.label(), phase, request, clients, l.count(), l.errors(), perSecond, l.millis(50), l.millis(95),
        l.millis(99), l.maxMillis());
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%nSen benchmark — %,d patients (seed %d), commit %s, %d CPUs, %s%n", patients, seed,
        commit, cpus, heap);
    if (ingest != null) {
      out.printf(Locale.ROOT, "ingest: %,d resources in %,d transaction bundles, %.1f s, %,.0f resources/s "
              + "(%d clients; bundle p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; %d refused)%n",
          ingest.resources(), ingest.bundles(), ingest.seconds(), ingest.resourcesPerSecond(), ingest.clients(),
          ingest.bundleP50Ms(), ingest.bundleP95Ms(), ingest.bundleP99Ms(), ingest.failedBundles());
    }
    out.printf(Locale.ROOT, "database: %s for %,.1f MB of resource JSON%s%n",
        databaseBytes == null ? "size unknown (give --jdbc-url)" : String.format(Locale.ROOT, "%,.1f MB",
            databaseBytes / 1e6), jsonBytes / 1e6,
        databaseToJson == null ? "" : String.format(Locale.ROOT, " (%.2f× the JSON)", databaseToJson));
    out.println("sample: " + sample);
    out.println("mean entries on the first page (a check that each request finds something): " + firstPageHits);
    out.printf(Locale.ROOT, "%n%-9s %-11s %-75s %7s %9s %6s %9s %8s %8s %8s%n", "as", "phase", "request",
        "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "%-9s %-11s %-75s %7d %,9d %6d %,9.0f %8.2f %8.2f %8.2f%n", r.caller(), r.phase(),
          r.request(),
          r.clients(), r.requests(), r.errors(), r.perSecond(), r.p50Ms(), r.p95Ms(), r.p99Ms());
    }
  }

  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("bench-" + startedAt.replace(":", "").replace("-", "") + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    return file;
  }
}
