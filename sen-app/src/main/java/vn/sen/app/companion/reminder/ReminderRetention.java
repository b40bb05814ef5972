package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Keeps the reminder tables a bounded size: removes finished reminders, their delivery log and their
 * doses once they are older than the retention time, a batch per statement so that no delete holds many
 * locks or a long transaction. What is clinical (Communications, Flags, Tasks) lives in the FHIR record and
 * is not touched.
 */
public final class ReminderRetention {
  private static final List<String> DELETES = List.of("""
      delete from reminder_delivery where ctid = any(array(
        select ctid from reminder_delivery where at < ? limit ?))""", """
      delete from reminder where id = any(array(
        select id from reminder where due_at < ? and state <> 'pending' limit ?))""", """
      delete from reminder_dose d where id = any(array(
        select id from reminder_dose where due_at < ? and watch <> 'open' limit ?))
        and not exists (select 1 from reminder r where r.dose_id = d.id)""");

  private final DataSource dataSource;
  private final Duration retention;
  private final int batchSize;
  private final Clock clock;

  public ReminderRetention(DataSource dataSource, Duration retention, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.retention = retention;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Removes what is older than the retention time; returns the number of rows removed. */
  public long purge() {
    Instant before = clock.instant().minus(retention);
    long removed = 0;
    try (Connection c = dataSource.getConnection()) {
      for (String sql : DELETES) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setObject(1, before.atOffset(ZoneOffset.UTC));
          ps.setInt(2, batchSize * 10);
          int n;
          do {
            n = ps.executeUpdate();
            removed += n;
          } while (n == batchSize * 10);
        }
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("purging old reminders", e);
    }
    return removed;
  }
}
