package vn.sen.app.companion.reminder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import vn.sen.bench.reminder.ReminderPipeline;

/**
 * The real planner and dispatcher for {@code ./sen bench --reminders} (registered as a
 * {@link java.util.ServiceLoader} service): default settings but the batch size and the expiry (a day,
 * so that dispatching the whole day at once sends rather than expires), the in-page channel (which sends
 * nothing), a clock the benchmark sets.
 */
public final class ReminderBenchPipeline implements ReminderPipeline.Factory {

  @Override
  public ReminderPipeline open(DataSource dataSource, int batchSize) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").failOnMissingLocations(false)
        .load().migrate();
    ReminderSettings d = ReminderSettings.standard();
    ReminderSettings settings = new ReminderSettings(d.enabled(), d.planAhead(), d.planEvery(), d.dispatchEvery(),
        d.escalationEvery(), batchSize, d.lease(), java.time.Duration.ofDays(1), d.retention(), d.retry(), d.defaults(), d.escalation(),
        d.webhooks());
    return new Pipeline(dataSource, settings);
  }

  private static final class Pipeline implements ReminderPipeline {
    private final DataSource dataSource;
    private final ReminderSettings settings;
    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private final ReminderPreferenceStore preferences;

    Pipeline(DataSource dataSource, ReminderSettings settings) {
      this.dataSource = dataSource;
      this.settings = settings;
      this.preferences = new ReminderPreferenceStore(dataSource, settings, clock);
    }

    @Override
    public long plan(Iterator<Dose> doses, Instant now) {
      clock.set(now);
      Stream<DoseFeed.ExpectedDose> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(doses,
          Spliterator.ORDERED), false).map(d -> new DoseFeed.ExpectedDose(d.patientId(), d.medicationRequestId(),
          d.due(), d.label(), d.medication()));
      DoseFeed feed = new DoseFeed() {
        @Override
        public Stream<ExpectedDose> expected(Instant from, Instant to) {
          return stream;
        }

        @Override
        public Stream<ExpectedDose> expectedFor(String patientId, Instant from, Instant to) {
          return Stream.empty();
        }
      };
      return new ReminderPlanner(dataSource, feed, preferences, settings, clock).planAhead().reminders();
    }

    @Override
    public long dispatch(Instant now, int threads) {
      clock.set(now);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          ReminderDispatcher dispatcher = new ReminderDispatcher(dataSource, List.of(new InPageChannel()),
              refs -> Map.of(), new Backoff(settings.retry().base(), settings.retry().max(),
              new java.util.SplittableRandom(i)), settings, clock);
          runs.add(pool.submit(dispatcher::dispatchDue));
        }
        long total = 0;
        for (Future<Long> run : runs) {
          total += run.get();
        }
        return total;
      } catch (ExecutionException e) {
        throw new IllegalStateException("dispatch failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } finally {
        pool.shutdownNow();
      }
    }

    @Override
    public void close() {
      // the benchmark owns the data source
    }
  }
}
