package vn.sen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ./sen bench}: generates the population if absent, ingests it, runs the search mix, reads by
 * id and {@code $everything} at each client count, prints a table and writes JSON. Against {@code
 * --url}, or a Sen started in this process on a fresh data dir under {@code --out}. The read-side phases
 * run as the system client, as a clinician (a nurse of one commune health station, on that station's
 * patients), or both in turn on the same patients ({@code --as}), which shows what the access policy's
 * filter costs.
 */
public final class BenchCommand {
  private static final String DATA_MARKER = ".sen-bench-data";
  private static final int SAMPLE = 200;
  private static final int LONG_RECORDS = 10;

  private BenchCommand() {}

  /** Returns the exit code: 0 done, 1 failed, 2 bad arguments. */
  public static int run(List<String> args, PrintStream out, PrintStream err, BenchTarget.Starter starter) {
    BenchOptions options;
    try {
      if (args.contains("--jmh")) {
        err.println("bench --jmh: run it through the launcher (./sen bench --jmh), which builds the JMH jar;"
            + " see docs/benchmarks.md");
        return 2;
      }
      if (args.contains("--reminders")) {
        return vn.sen.bench.reminder.ReminderBench.run(args, out, err);
      }
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(BenchOptions.USAGE);
      return 2;
    }
    if (options == null) {
      out.println(BenchOptions.USAGE);
      return 0;
    }
    try {
      BenchReport report = bench(options, String.join(" ", args), err, starter);
      report.print(out);
      out.println("\nresults: " + report.write(options.out()).toAbsolutePath());
      return 0;
    } catch (IOException e) {
      err.println("\nbench: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("\nbench: interrupted");
      return 1;
    }
  }

  static BenchReport bench(BenchOptions o, String command, PrintStream err, BenchTarget.Starter starter)
      throws IOException, InterruptedException {
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String commit = commit();
    Population population = Population.ensure(o.populationDir(), o.patients(), o.seed(), err);
    ObjectMapper json = new ObjectMapper();
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    try (BenchTarget target = target(o, err, starter)) {
      HttpClient http = target.bearerToken().<HttpClient>map(token -> new BearerHttpClient(plain, token))
          .orElse(plain);
      BenchReport.Ingest ingest = null;
      long jsonBytes;
      if (!o.skipIngest()) {
        err.printf(Locale.ROOT, "bench: ingesting into %s with %d clients%n", target.fhirBase(), o.ingestClients());
        Ingest.Result r = new Ingest(http, target.fhirBase(), err).run(population, o.ingestClients());
        ingest = new BenchReport.Ingest(r.bundles(), r.resources(), r.seconds(), r.resourcesPerSecond(),
            o.ingestClients(), r.bundleLatency().millis(50), r.bundleLatency().millis(95),
            r.bundleLatency().millis(99), r.failedBundles());
        jsonBytes = r.jsonBytes();
      } else {
        jsonBytes = populationBytes(o.populationDir().resolve("bundles"));
      }
      OptionalLong dbBytes = target.databaseBytes();
      err.println("bench: choosing sampled patients");
      PatientSample sampler = new PatientSample(json, http, target.fhirBase());
      List<Integer> spread;
      List<Integer> longest;
      String sampleNote;
      StationSample station = null;
      if (o.stationSample()) {
        station = StationSample.busiest(population, json);
        spread = station.spread(SAMPLE);
        longest = station.largest(population, LONG_RECORDS);
        sampleNote = String.format(Locale.ROOT, "%d of the %d patients registered at %s (the commune health station"
            + " with the most patients), and their %d longest records", spread.size(), station.members().size(),
            station.station(), longest.size());
      } else {
        spread = population.spread(SAMPLE);
        longest = population.largest(LONG_RECORDS);
        sampleNote = String.format(Locale.ROOT, "%d patients spread over the population, and the %d longest records",
            spread.size(), longest.size());
      }
      List<PatientSample.Sampled> sample = sampler.resolve(population, spread);
      List<PatientSample.Sampled> longRecords = sampler.resolve(population, longest);
      if (sample.isEmpty() || longRecords.isEmpty()) {
        throw new IOException("none of the sampled patients is on the server; was the population loaded?");
      }
      err.println("bench: sample: " + sampleNote);
      Map<Caller, HttpClient> callers = new EnumMap<>(Caller.class);
      for (Caller caller : o.callers()) {
        callers.put(caller, caller == Caller.SYSTEM ? http
            : new BearerHttpClient(plain, clinicianTokens(target, http, Objects.requireNonNull(station), err)));
      }
      Map<String, Double> hits = new LinkedHashMap<>();
      Map<Caller, RequestPhase> phases = new EnumMap<>(Caller.class);
      for (var c : callers.entrySet()) {
        RequestPhase p = new RequestPhase(c.getValue(), target.fhirBase());
        phases.put(c.getKey(), p);
        String as = c.getKey().label() + ": ";
        p.check(Workload.SEARCH_MIX, sample, json).forEach((k, v) -> hits.put(as + k.shape, v));
        p.check(List.of(Workload.EVERYTHING), longRecords, json).forEach((k, v) -> hits.put(as + k.shape, v));
      }
      // Callers take turns within each client count, so that a change in the machine's load between
      // phases falls on both rather than on one.
      List<BenchReport.Row> rows = new ArrayList<>();
      for (int clients : o.clients()) {
        for (var c : phases.entrySet()) {
          Caller as = c.getKey();
          RequestPhase p = c.getValue();
          if (o.phases().contains("search")) {
            rows.addAll(phase(as, p, "search mix", Workload.SEARCH_MIX, sample, clients, o, err));
          }
          if (o.phases().contains("read")) {
            rows.addAll(phase(as, p, "read", List.of(Workload.READ_BY_ID), sample, clients, o, err));
          }
          if (o.phases().contains("everything")) {
            rows.addAll(phase(as, p, "everything", List.of(Workload.EVERYTHING), longRecords, clients, o, err));
          }
        }
      }
      Long db = dbBytes.isPresent() ? dbBytes.getAsLong() : null;
      return new BenchReport(startedAt, commit, "bench " + command, o.patients(), o.seed(),
          o.url() == null ? "in-process" : o.url().toString(), target.heap(),
          Runtime.getRuntime().availableProcessors(), ingest, db, jsonBytes,
          db == null || jsonBytes == 0 ? null : (double) db / jsonBytes, sampleNote, hits, rows);
    }
  }

  private static List<BenchReport.Row> phase(Caller as, RequestPhase phases, String name, List<Workload> kinds,
      List<PatientSample.Sampled> sample, int clients, BenchOptions o, PrintStream err)
      throws IOException, InterruptedException {
    err.printf(Locale.ROOT, "bench: %s as %s, %d clients, %d ms (+%d ms warm-up)%n", name, as.label(), clients,
        o.duration().toMillis(), o.warmup().toMillis());
    return BenchReport.rows(as,
        phases.run(name, kinds, sample, clients, o.warmup(), o.duration(), o.maxRequests()));
  }

  /**
   * Tokens of a nurse at the station: its nurse Practitioner from the population ({@code prac-tyt-<commune>-yt}
   * for {@code org-tyt-<commune>}), or one written for the bench when the population has none.
   */
  private static Supplier<String> clinicianTokens(BenchTarget target, HttpClient system, StationSample station,
      PrintStream err) throws IOException, InterruptedException {
    String practitioner = stationNurse(target.fhirBase(), system, station.station());
    err.println("bench: clinician: a nurse (" + practitioner + ") of " + station.station());
    return target.clinicianToken(practitioner, station.station()).orElseThrow(() -> new IOException(
        "no clinician token: set SEN_TOKEN_CLINICIAN to a token of a nurse whose organization is "
            + station.station() + ", or run with --as system"));
  }

  static String stationNurse(URI fhirBase, HttpClient system, String station)
      throws IOException, InterruptedException {
    String prefix = "Organization/org-tyt-";
    if (station.startsWith(prefix)) {
      String nurse = "Practitioner/prac-tyt-" + station.substring(prefix.length()) + "-yt";
      HttpResponse<Void> r = system.send(HttpRequest.newBuilder(URI.create(fhirBase + "/" + nurse))
          .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return nurse;
      }
    }
    String own = "Practitioner/sen-bench-nurse";
    HttpResponse<String> r = system.send(HttpRequest.newBuilder(URI.create(fhirBase + "/" + own))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString("""
            {"resourceType":"Practitioner","id":"sen-bench-nurse","active":true,
             "name":[{"text":"Điều dưỡng (bench)"}]}""")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("could not write " + own + " for the clinician: HTTP " + r.statusCode());
    }
    return own;
  }

  private static BenchTarget target(BenchOptions o, PrintStream err, BenchTarget.Starter starter)
      throws IOException {
    if (o.url() != null) {
      return new RemoteTarget(o.url(), o.jdbcUrl(), o.jdbcUser(), o.jdbcPassword());
    }
    Path data = o.out().resolve("server-data").toAbsolutePath();
    if (!o.skipIngest()) {
      if (Files.exists(data)) {
        if (!Files.exists(data.resolve(DATA_MARKER))) {
          throw new IOException(data + " exists and was not made by bench; move it away or choose another --out");
        }
        deleteTree(data);
      }
      Files.createDirectories(data);
      Files.writeString(data.resolve(DATA_MARKER), "data of ./sen bench; deleted by the next run\n",
          StandardCharsets.UTF_8);
    }
    err.println("bench: starting Sen in this process on " + data);
    return starter.start(data);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static long populationBytes(Path bundles) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.list(bundles)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        total += Files.size(p);
      }
    }
    return total;
  }

  /** The commit measured: {@code SEN_COMMIT} (set by the launcher), else asked of git in the working dir. */
  private static String commit() {
    String fromLauncher = System.getenv("SEN_COMMIT");
    if (fromLauncher != null && !fromLauncher.isBlank()) {
      return fromLauncher;
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? s : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
