package vn.sen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A timed phase of GET requests: {@code clients} threads, each sending its next request as soon as the
 * last answered (closed loop), cycling through the phase's request kinds with randomly chosen sampled
 * patients. Bounded by time and by a request count; answers are read whole and discarded, latencies go
 * into fixed-size histograms.
 */
final class RequestPhase {
  private static final String FHIR_JSON = "application/fhir+json";

  private final HttpClient http;
  private final @Nullable Supplier<String> tokens;
  private final URI fhirBase;

  /**
   * @param http the checks' client; the measured requests carry the same bearer token (when it is a
   *     {@link BearerHttpClient}) on a {@link KeptAliveGet} per client thread
   */
  RequestPhase(HttpClient http, URI fhirBase) {
    this.http = http;
    this.tokens = http instanceof BearerHttpClient bearer ? bearer::token : null;
    this.fhirBase = fhirBase;
  }

  /** Latencies per kind, and the phase's throughput. */
  record Result(String name, int clients, Map<Workload, Latencies> byKind, Latencies all, double seconds) {
    double requestsPerSecond() {
      return all.count() / Math.max(0.001, seconds);
    }
  }

  Result run(String name, List<Workload> kinds, List<PatientSample.Sampled> sample, int clients, Duration warmup,
      Duration duration, long maxRequests) throws IOException, InterruptedException {
    if (!warmup.isZero()) {
      loop(kinds, sample, clients, warmup, maxRequests, false);
    }
    long started = System.nanoTime();
    List<Map<Workload, Latencies>> perThread = loop(kinds, sample, clients, duration, maxRequests, true);
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<Workload, Latencies> byKind = new EnumMap<>(Workload.class);
    Latencies all = new Latencies();
    for (Map<Workload, Latencies> m : perThread) {
      m.forEach((k, v) -> {
        byKind.computeIfAbsent(k, x -> new Latencies()).add(v);
        all.add(v);
      });
    }
    return new Result(name, clients, byKind, all, seconds);
  }

  private List<Map<Workload, Latencies>> loop(List<Workload> kinds, List<PatientSample.Sampled> sample,
      int clients, Duration duration, long maxRequests, boolean record) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    AtomicLong budget = new AtomicLong(maxRequests);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Map<Workload, Latencies>>> futures = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        long seed = 7919L * (c + 1);
        futures.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          Map<Workload, Latencies> mine = new EnumMap<>(Workload.class);
          int turn = random.nextInt(kinds.size());
          try (KeptAliveGet get = new KeptAliveGet(tokens)) {
            while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
              Workload kind = kinds.get(turn++ % kinds.size());
              URI uri = kind.uri(fhirBase, Workload.pick(sample, random));
              long t0 = System.nanoTime();
              int status = get.get(uri, FHIR_JSON);
              long elapsed = System.nanoTime() - t0;
              if (record) {
                Latencies l = mine.computeIfAbsent(kind, k -> new Latencies());
                if (status == 200) {
                  l.record(elapsed);
                } else {
                  l.error();
                }
              }
            }
          }
          return mine;
        }));
      }
      List<Map<Workload, Latencies>> out = new ArrayList<>();
      for (var f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Checks each kind answers 200 with results for the first few sampled patients; returns the mean
   * number of entries on the first page per kind, so a workload that finds nothing is visible.
   */
  Map<Workload, Double> check(List<Workload> kinds, List<PatientSample.Sampled> sample, ObjectMapper json)
      throws IOException, InterruptedException {
    Map<Workload, Double> hits = new EnumMap<>(Workload.class);
    int n = Math.min(10, sample.size());
    for (Workload kind : kinds) {
      long total = 0;
      for (int i = 0; i < n; i++) {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(kind.uri(fhirBase, sample.get(i)))
            .header("Accept", FHIR_JSON).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IOException(kind + " answered HTTP " + r.statusCode() + " for " + kind.shape);
        }
        JsonNode body = json.readTree(r.body());
        total += body.has("entry") ? body.path("entry").size() : (body.has("resourceType") ? 1 : 0);
      }
      hits.put(kind, n == 0 ? 0 : (double) total / n);
    }
    return hits;
  }
}
