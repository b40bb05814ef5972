package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patients' reminder preferences ({@code reminder_preference}), and {@code stop-reminders}: stopping
 * cancels every pending reminder of the patient in the same transaction, so nothing more is sent from the
 * moment the call returns (a reminder a dispatcher already holds is not marked sent afterwards either).
 */
public final class ReminderPreferenceStore {
  private static final Logger log = LoggerFactory.getLogger(ReminderPreferenceStore.class);
  private static final String SELECT = """
      select patient_id, channels, zone, quiet_start, quiet_end, quiet_policy, stopped, escalate, caregiver,
             caregiver_channels, escalate_after_minutes, escalate_after_misses
      from reminder_preference where patient_id = any(?)""";
  private static final String UPSERT = """
      insert into reminder_preference (patient_id, channels, zone, quiet_start, quiet_end, quiet_policy,
        stopped, escalate, caregiver, caregiver_channels, escalate_after_minutes, escalate_after_misses,
        updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (patient_id) do update set channels = excluded.channels, zone = excluded.zone,
        quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
        quiet_policy = excluded.quiet_policy, stopped = excluded.stopped, escalate = excluded.escalate,
        caregiver = excluded.caregiver, caregiver_channels = excluded.caregiver_channels,
        escalate_after_minutes = excluded.escalate_after_minutes,
        escalate_after_misses = excluded.escalate_after_misses, updated_at = excluded.updated_at""";

  private final DataSource dataSource;
  private final ReminderSettings settings;
  private final Clock clock;

  public ReminderPreferenceStore(DataSource dataSource, ReminderSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
  }

  public ReminderPreferences find(String patientId) {
    try (Connection c = dataSource.getConnection()) {
      return findAll(c, List.of(patientId)).get(patientId);
    } catch (SQLException e) {
      throw new ReminderStoreException("reading reminder preferences", e);
    }
  }

  /** Preferences of each patient given, defaults for those without a row. */
  Map<String, ReminderPreferences> findAll(Connection c, Collection<String> patientIds) throws SQLException {
    Map<String, ReminderPreferences> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setArray(1, SqlArrays.texts(c, List.copyOf(patientIds)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString("patient_id"), read(rs));
        }
      }
    }
    for (String id : patientIds) {
      found.computeIfAbsent(id, p -> ReminderPreferences.defaults(p, settings));
    }
    return found;
  }

  private ReminderPreferences read(ResultSet rs) throws SQLException {
    ReminderPreferences d = ReminderPreferences.defaults(rs.getString("patient_id"), settings);
    Time start = rs.getTime("quiet_start");
    Time end = rs.getTime("quiet_end");
    String policy = rs.getString("quiet_policy");
    // no policy: the configured quiet hours; 'none': none
    QuietHours.Window quiet = policy == null ? d.quietHours()
        : start == null || end == null || "none".equals(policy) ? null
        : new QuietHours.Window(start.toLocalTime(), end.toLocalTime(),
            "drop".equals(policy) ? QuietHours.Policy.DROP : QuietHours.Policy.SHIFT);
    String zone = rs.getString("zone");
    int minutes = rs.getInt("escalate_after_minutes");
    int misses = rs.getInt("escalate_after_misses");
    List<String> channels = SqlArrays.textList(rs, "channels");
    return new ReminderPreferences(d.patientId(), rs.getArray("channels") == null ? d.channels() : channels,
        zone == null ? d.zone() : ZoneId.of(zone), quiet,
        rs.getBoolean("stopped"), rs.getBoolean("escalate"), rs.getString("caregiver"),
        SqlArrays.textList(rs, "caregiver_channels"),
        minutes > 0 ? Duration.ofMinutes(minutes) : d.escalateAfter(), misses > 0 ? misses : d.escalateAfterMisses());
  }

  /** Stores a patient's preferences (the stop flag included). */
  public void save(ReminderPreferences p) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
      QuietHours.Window q = p.quietHours();
      ps.setString(1, p.patientId());
      ps.setArray(2, SqlArrays.texts(c, p.channels()));
      ps.setString(3, p.zone().getId());
      ps.setTime(4, q == null ? null : Time.valueOf(q.start()));
      ps.setTime(5, q == null ? null : Time.valueOf(q.end()));
      ps.setString(6, q == null ? "none" : q.policy() == QuietHours.Policy.DROP ? "drop" : "shift");
      ps.setBoolean(7, p.stopped());
      ps.setBoolean(8, p.escalate());
      ps.setString(9, p.caregiver());
      ps.setArray(10, SqlArrays.texts(c, p.caregiverChannels()));
      ps.setInt(11, (int) p.escalateAfter().toMinutes());
      ps.setInt(12, p.escalateAfterMisses());
      ps.setObject(13, clock.instant().atOffset(java.time.ZoneOffset.UTC));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ReminderStoreException("saving reminder preferences", e);
    }
  }

  /**
   * {@code stop-reminders}: sets the patient's stop flag and cancels all their pending reminders (doses
   * and escalations about them) in one transaction. Returns how many were cancelled.
   */
  public int stopReminders(String patientId) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("""
            insert into reminder_preference (patient_id, stopped, updated_at) values (?, true, ?)
            on conflict (patient_id) do update set stopped = true, updated_at = excluded.updated_at""")) {
          ps.setString(1, patientId);
          ps.setObject(2, clock.instant().atOffset(java.time.ZoneOffset.UTC));
          ps.executeUpdate();
        }
        int cancelled;
        try (PreparedStatement ps = c.prepareStatement(
            "update reminder set state = 'cancelled' where patient_id = ? and state = 'pending'")) {
          ps.setString(1, patientId);
          cancelled = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "update reminder_dose set watch = 'none' where patient_id = ? and watch = 'open'")) {
          ps.setString(1, patientId);
          ps.executeUpdate();
        }
        c.commit();
        log.info("Reminders stopped for one patient: {} pending cancelled", cancelled);
        return cancelled;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("stopping reminders", e);
    }
  }

  /** Clears the stop flag; reminders are planned again from the next planning run. */
  public void resumeReminders(String patientId) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "update reminder_preference set stopped = false, updated_at = ? where patient_id = ?")) {
      ps.setObject(1, clock.instant().atOffset(java.time.ZoneOffset.UTC));
      ps.setString(2, patientId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ReminderStoreException("resuming reminders", e);
    }
  }
}
