package vn.sen.bench.reminder;

import java.time.Instant;
import java.util.Iterator;
import javax.sql.DataSource;

/**
 * The reminder pipeline as the benchmark drives it. sen-app implements it over its planner and
 * dispatcher and registers a {@link Factory} as a {@link java.util.ServiceLoader} service.
 */
public interface ReminderPipeline extends AutoCloseable {

  /** Plans reminders for {@code doses} as planning at {@code now} would; returns reminders written. */
  long plan(Iterator<Dose> doses, Instant now);

  /**
   * Dispatches everything due at {@code now} through a channel that sends nothing, with {@code threads}
   * dispatchers at once; returns reminders handled.
   */
  long dispatch(Instant now, int threads);

  @Override
  void close();

  /** One expected dose of the synthetic day. */
  record Dose(String patientId, String medicationRequestId, Instant due, String label, String medication) {}

  /** Opens the pipeline on a migrated-or-empty database. */
  interface Factory {
    ReminderPipeline open(DataSource dataSource, int batchSize);
  }
}
