package vn.sen.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest phase: the shared bundle, then every patient's transaction Bundle posted by several
 * concurrent clients, each bundle one database transaction on the server. The rate is committed
 * resources per second over the patient bundles (the sustained rate of the whole run).
 */
final class Ingest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int SHOWN_ERRORS = 5;

  /** Result of the phase (counts only). */
  record Result(int bundles, long resources, long jsonBytes, double seconds, Latencies bundleLatency,
      long failedBundles) {
    double resourcesPerSecond() {
      return resources / Math.max(0.001, seconds);
    }
  }

  private final HttpClient http;
  private final URI fhirBase;
  private final PrintStream err;

  Ingest(HttpClient http, URI fhirBase, PrintStream err) {
    this.http = http;
    this.fhirBase = fhirBase;
    this.err = err;
  }

  Result run(Population population, int clients) throws IOException, InterruptedException {
    long sharedBytes = Files.size(population.sharedBundle());
    if (post(population.sharedBundle()) < 0) {
      throw new IOException("the shared bundle was refused; see the message above");
    }
    AtomicInteger next = new AtomicInteger(1);
    AtomicLong resources = new AtomicLong();
    AtomicLong bytes = new AtomicLong(sharedBytes);
    AtomicLong failed = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    int total = population.patients();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Latencies>> workers = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        workers.add(pool.submit(() -> {
          Latencies mine = new Latencies();
          int i;
          while ((i = next.getAndIncrement()) <= total) {
            Path file = population.patientBundle(i);
            long t0 = System.nanoTime();
            long n = post(file);
            if (n < 0) {
              failed.incrementAndGet();
              mine.error();
            } else {
              mine.record(System.nanoTime() - t0);
              resources.addAndGet(n);
            }
            bytes.addAndGet(Files.size(file));
            int d = done.incrementAndGet();
            if (d % Math.max(1, total / 100) == 0 || d == total) {
              double s = (System.nanoTime() - started) / 1e9;
              err.printf(Locale.ROOT, "\ringest %3d%% %,d/%,d bundles %,.0f resources/s", 100L * d / total, d, total,
                  resources.get() / Math.max(0.001, s));
            }
          }
          return mine;
        }));
      }
      Latencies all = new Latencies();
      for (Future<Latencies> w : workers) {
        all.add(get(w));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      err.println();
      return new Result(total, resources.get(), bytes.get(), seconds, all, failed.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Posts one bundle; returns the resources committed, or -1 when refused (reported once per kind). */
  private long post(Path file) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(fhirBase)
        .timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/fhir+json")
        .header("Prefer", "return=minimal")
        .POST(HttpRequest.BodyPublishers.ofFile(file))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      reportError(file, response.statusCode());
      return -1;
    }
    return countEntries(response.body());
  }

  private final AtomicInteger shownErrors = new AtomicInteger();

  private void reportError(Path file, int status) {
    if (shownErrors.incrementAndGet() <= SHOWN_ERRORS) {
      err.printf(Locale.ROOT, "%nbench: %s refused with HTTP %d%n", file.getFileName(), status);
    }
  }

  /** Number of 2xx entry responses, read by streaming (the response is not kept). */
  static long countEntries(byte[] body) throws IOException {
    long n = 0;
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && "status".equals(p.currentName())) {
          if (p.nextToken() == JsonToken.VALUE_STRING && p.getText().startsWith("2")) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static Latencies get(Future<Latencies> f) throws IOException, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
