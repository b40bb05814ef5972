package vn.sen.app.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads Bundles and NDJSON into Sen over its FHIR REST API ({@code POST [base]} of transaction and
 * batch Bundles), so every resource goes through the same parsing, checks and indexing as any client's.
 * Reference bundles go first, one at a time; then NDJSON files type by type, their batches on several
 * clients; then patient bundles on several clients. Each unit is recorded in the input root's journal
 * once committed, and skipped by a later run.
 *
 * <pre>{@code
 * LoadSummary s = new Loader(new ObjectMapper()).load(new LoadOptions(List.of(dir), base, 4,
 *     LoadOptions.JournalLocation.nextToInput(base)), System.err);
 * }</pre>
 */
public final class Loader {
  private static final int MAX_KEPT_FAILURES = 1000;

  private final ObjectMapper json;

  public Loader(ObjectMapper json) {
    this.json = json;
  }

  /** Loads everything in {@code options}; progress and failures go to {@code err}. */
  public LoadSummary load(LoadOptions options, PrintStream err) throws IOException, InterruptedException {
    LoadPlan plan = LoadPlan.of(options.inputs());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    Run run = new Run(new BundlePoster(http, options.fhirBase(), options.bearerToken(), json),
        new LoadProgress(err, plan.totalBytes()));
    ExecutorService pool = Executors.newFixedThreadPool(options.clients(), r -> {
      Thread t = new Thread(r, "sen-load");
      t.setDaemon(true);
      return t;
    });
    Map<Path, LoadJournal> journals = new HashMap<>();
    try {
      for (LoadPlan.InputFile f : plan.referenceFiles()) {
        run.bundleFile(f, journal(journals, options, f));
      }
      for (LoadPlan.InputFile f : plan.ndjsonFiles()) {
        run.ndjsonFile(f, journal(journals, options, f), pool, options.clients());
      }
      for (LoadPlan.InputFile f : plan.bundleFiles()) {
        journal(journals, options, f);
      }
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < options.clients(); c++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < plan.bundleFiles().size()) {
            LoadPlan.InputFile f = plan.bundleFiles().get(i);
            run.bundleFile(f, journals.get(f.root()));
          }
          return null;
        }));
      }
      for (var w : workers) {
        await(w);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      for (LoadJournal j : journals.values()) {
        j.close();
      }
    }
    run.progress.finish();
    return new LoadSummary(run.loaded.get(), run.skipped.get(), List.copyOf(run.failures),
        run.progress.resources(), run.failedEntries.get(), run.bytes.get(), run.progress.seconds());
  }

  private static LoadJournal journal(Map<Path, LoadJournal> journals, LoadOptions options, LoadPlan.InputFile f)
      throws IOException {
    LoadJournal j = journals.get(f.root());
    if (j == null) {
      j = LoadJournal.open(options.journals().journalFor(f.root()));
      journals.put(f.root(), j);
    }
    return j;
  }

  private static void await(Future<?> f) throws IOException, InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The state of one load, shared by its client threads. */
  private static final class Run {
    final BundlePoster poster;
    final LoadProgress progress;
    final AtomicInteger loaded = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicLong failedEntries = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final ConcurrentLinkedQueue<LoadSummary.LoadFailure> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger failureCount = new AtomicInteger();

    Run(BundlePoster poster, LoadProgress progress) {
      this.poster = poster;
      this.progress = progress;
    }

    void bundleFile(LoadPlan.InputFile f, LoadJournal journal) throws IOException, InterruptedException {
      String key = LoadJournal.fileKey(f.relative(), f.size());
      if (journal.isDone(key)) {
        skipped.incrementAndGet();
        progress.advance(f.size(), 0);
        return;
      }
      byte[] body = Files.readAllBytes(f.file());
      BundlePoster.Outcome outcome = poster.post(body, false);
      bytes.addAndGet(body.length);
      switch (outcome) {
        case BundlePoster.Loaded ok -> {
          journal.markDone(key);
          loaded.incrementAndGet();
          if (ok.failedEntries() > 0) {
            failedEntries.addAndGet(ok.failedEntries());
            progress.problem("load: " + f.relative() + ": batch loaded with " + ok.failedEntries()
                + " failed entries, first: " + ok.firstEntryFailure());
          }
          progress.advance(f.size(), ok.resources());
        }
        case BundlePoster.Refused refused -> {
          fail(new LoadSummary.LoadFailure(f.relative(), "", refused.reason()));
          progress.advance(f.size(), 0);
        }
      }
    }

    void ndjsonFile(LoadPlan.InputFile f, LoadJournal journal, ExecutorService pool, int clients)
        throws IOException, InterruptedException {
      Semaphore inFlight = new Semaphore(clients * 2);
      AtomicInteger refusedBatches = new AtomicInteger();
      List<Future<?>> sent = new ArrayList<>();
      long before = bytes.get();
      try (NdjsonBatches batches = new NdjsonBatches(f.file())) {
        NdjsonBatches.Batch batch;
        while ((batch = batches.next()) != null) {
          String key = LoadJournal.batchKey(f.relative(), f.size(), batch.fromLine(), batch.toLine());
          String part = "lines " + batch.fromLine() + "-" + batch.toLine();
          if (journal.isDone(key)) {
            continue;
          }
          if (batch.problem() != null) {
            fail(new LoadSummary.LoadFailure(f.relative(), part, batch.problem()));
            refusedBatches.incrementAndGet();
            continue;
          }
          byte[] body = batch.bundle();
          inFlight.acquire();
          sent.removeIf(Future::isDone);
          sent.add(pool.submit(() -> {
            try {
              BundlePoster.Outcome outcome = poster.post(body, true);
              bytes.addAndGet(body.length);
              switch (outcome) {
                case BundlePoster.Loaded ok -> {
                  journal.markDone(key);
                  progress.advance(0, ok.resources());
                }
                case BundlePoster.Refused refused -> {
                  refusedBatches.incrementAndGet();
                  fail(new LoadSummary.LoadFailure(f.relative(), part, refused.reason()));
                }
              }
              return null;
            } finally {
              inFlight.release();
            }
          }));
        }
      }
      for (var s : sent) {
        await(s);
      }
      progress.advance(f.size(), 0);
      if (bytes.get() == before && refusedBatches.get() == 0) {
        skipped.incrementAndGet();
      } else {
        loaded.incrementAndGet();
      }
    }

    void fail(LoadSummary.LoadFailure failure) {
      if (failureCount.incrementAndGet() <= MAX_KEPT_FAILURES) {
        failures.add(failure);
      }
      progress.problem("load: FAILED " + failure + " (skipped, nothing of it written)");
    }
  }
}
