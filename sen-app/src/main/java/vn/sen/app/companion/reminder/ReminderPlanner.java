package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;

/**
 * Plans reminders: reads the expected doses of the next window from the {@link DoseFeed} and writes one
 * dose row and one reminder per channel, with the send time moved out of the patient's quiet hours.
 * Idempotent: running it again, or on two instances at once, adds only what is missing (unique on
 * (patient, dose key) and on (dose, kind, channel)). Patients who stopped reminders get none.
 */
public final class ReminderPlanner {
  private static final Logger log = LoggerFactory.getLogger(ReminderPlanner.class);
  // A second planner inserting the same dose at the same time is the race: ON CONFLICT DO NOTHING lets
  // exactly one insert win, and only the winner's rows come back to get reminders.
  private static final String INSERT_DOSES = """
      insert into reminder_dose (patient_id, dose_key, medication_request, due_at, dose_label, medication,
        watch, check_at)
      select p, k, r, %s, l, m, w, %s
      from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[])
        as t(p, k, r, due, l, m, w, chk)
      on conflict (patient_id, dose_key) do nothing
      returning id, patient_id, dose_key""".formatted(SqlArrays.TIME.formatted("due"),
      SqlArrays.TIME.formatted("chk"));
  static final String INSERT_REMINDERS = """
      insert into reminder (dose_id, patient_id, kind, recipient, channel, due_at, next_attempt_at)
      select d, p, k, r, c, %s, %s
      from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])
        as t(d, p, k, r, c, due, nxt)
      on conflict (dose_id, kind, channel) do nothing""".formatted(SqlArrays.TIME.formatted("due"),
      SqlArrays.TIME.formatted("nxt"));

  /**
   * After this many new reminders the tables' statistics are refreshed at once: a claim must walk the
   * due-time index in order and stop after one batch, and with statistics from before a morning's rows
   * arrived PostgreSQL may instead collect and sort every due row for each batch.
   */
  private static final int ANALYZE_AFTER = 10_000;

  private final DataSource dataSource;
  private final DoseFeed feed;
  private final ReminderPreferenceStore preferences;
  private final ReminderSettings settings;
  private final Clock clock;

  public ReminderPlanner(DataSource dataSource, DoseFeed feed, ReminderPreferenceStore preferences,
      ReminderSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.feed = feed;
    this.preferences = preferences;
    this.settings = settings;
    this.clock = clock;
  }

  /** What a planning run did. */
  public record Planned(long doses, long newDoses, long reminders) {
    Planned plus(Planned o) {
      return new Planned(doses + o.doses, newDoses + o.newDoses, reminders + o.reminders);
    }
  }

  /** Plans the doses due from now until now + {@code planAhead}. */
  public Planned planAhead() {
    Instant now = clock.instant();
    return plan(now, now.plus(settings.planAhead()));
  }

  /** Plans the doses due in {@code [from, to)}. */
  public Planned plan(Instant from, Instant to) {
    try (Stream<ExpectedDose> doses = feed.expected(from, to)) {
      Planned planned = planAll(doses.iterator());
      if (planned.reminders() >= ANALYZE_AFTER) {
        analyze();
      }
      log.info("Reminders planned for {} .. {}: {} doses seen, {} new, {} reminders", from, to, planned.doses(),
          planned.newDoses(), planned.reminders());
      return planned;
    }
  }

  /**
   * After a patient's schedule changed: removes their planned reminders not yet tried and plans the
   * window again from the feed.
   */
  public Planned replan(String patientId) {
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement reminders = c.prepareStatement("""
              delete from reminder where patient_id = ? and kind = 'dose' and state = 'pending' and attempts = 0
                and due_at >= ?""");
          PreparedStatement doses = c.prepareStatement("""
              delete from reminder_dose d where patient_id = ? and due_at >= ?
                and not exists (select 1 from reminder r where r.dose_id = d.id)""")) {
        for (PreparedStatement ps : List.of(reminders, doses)) {
          ps.setString(1, patientId);
          ps.setObject(2, now.atOffset(java.time.ZoneOffset.UTC));
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("clearing planned reminders", e);
    }
    try (Stream<ExpectedDose> doses = feed.expectedFor(patientId, now, now.plus(settings.planAhead()))) {
      return planAll(doses.iterator());
    }
  }

  private void analyze() {
    try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
      s.execute("analyze reminder, reminder_dose");
    } catch (SQLException e) {
      throw new ReminderStoreException("refreshing reminder statistics", e);
    }
  }

  private Planned planAll(Iterator<ExpectedDose> doses) {
    Planned total = new Planned(0, 0, 0);
    List<ExpectedDose> batch = new ArrayList<>(settings.batchSize());
    while (doses.hasNext()) {
      batch.add(doses.next());
      if (batch.size() == settings.batchSize() || !doses.hasNext()) {
        total = total.plus(planBatch(batch));
        batch.clear();
      }
    }
    return total;
  }

  /** One batch in one transaction: preferences read, doses inserted, reminders inserted. */
  Planned planBatch(List<ExpectedDose> batch) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<String> patients = new LinkedHashSet<>();
        batch.forEach(d -> patients.add(d.patientId()));
        Map<String, ReminderPreferences> prefs = preferences.findAll(c, patients);
        List<ExpectedDose> wanted = batch.stream().filter(d -> !prefs.get(d.patientId()).stopped()).toList();
        Map<String, Long> inserted = insertDoses(c, wanted, prefs);
        int reminders = insertReminders(c, wanted, inserted, prefs);
        c.commit();
        return new Planned(batch.size(), inserted.size(), reminders);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("planning reminders", e);
    }
  }

  private Map<String, Long> insertDoses(Connection c, List<ExpectedDose> doses,
      Map<String, ReminderPreferences> prefs) throws SQLException {
    int n = doses.size();
    List<String> patient = new ArrayList<>(n);
    List<String> key = new ArrayList<>(n);
    List<String> request = new ArrayList<>(n);
    List<Instant> due = new ArrayList<>(n);
    List<String> label = new ArrayList<>(n);
    List<String> medication = new ArrayList<>(n);
    List<String> watch = new ArrayList<>(n);
    List<Instant> check = new ArrayList<>(n);
    for (ExpectedDose d : doses) {
      ReminderPreferences p = prefs.get(d.patientId());
      patient.add(d.patientId());
      key.add(d.doseKey());
      request.add(d.medicationRequestId());
      due.add(d.due());
      label.add(d.doseLabel());
      medication.add(d.medication());
      watch.add(p.watched() ? "open" : "none");
      check.add(p.watched() ? d.due().plus(p.escalateAfter()) : null);
    }
    Map<String, Long> ids = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(INSERT_DOSES)) {
      ps.setArray(1, SqlArrays.texts(c, patient));
      ps.setArray(2, SqlArrays.texts(c, key));
      ps.setArray(3, SqlArrays.texts(c, request));
      ps.setArray(4, SqlArrays.millis(c, due));
      ps.setArray(5, SqlArrays.texts(c, label));
      ps.setArray(6, SqlArrays.texts(c, medication));
      ps.setArray(7, SqlArrays.texts(c, watch));
      ps.setArray(8, SqlArrays.millis(c, check));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(2) + "\n" + rs.getString(3), rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private int insertReminders(Connection c, List<ExpectedDose> doses, Map<String, Long> inserted,
      Map<String, ReminderPreferences> prefs) throws SQLException {
    ReminderRows rows = new ReminderRows();
    for (ExpectedDose d : doses) {
      Long id = inserted.get(d.patientId() + "\n" + d.doseKey());
      if (id == null) {
        continue;
      }
      ReminderPreferences p = prefs.get(d.patientId());
      Optional<Instant> send = p.quietHours() == null ? Optional.of(d.due())
          : p.quietHours().sendTime(d.due(), p.zone());
      if (send.isEmpty()) {
        continue;
      }
      for (String channel : p.channels()) {
        rows.add(id, d.patientId(), "dose", "Patient/" + d.patientId(), channel, d.due(), send.get());
      }
    }
    return rows.insert(c);
  }

  /** Reminder rows gathered for one multi-row insert. */
  static final class ReminderRows {
    private final List<Long> dose = new ArrayList<>();
    private final List<String> patient = new ArrayList<>();
    private final List<String> kind = new ArrayList<>();
    private final List<String> recipient = new ArrayList<>();
    private final List<String> channel = new ArrayList<>();
    private final List<Instant> due = new ArrayList<>();
    private final List<Instant> next = new ArrayList<>();

    void add(long doseId, String patientId, String kindName, String recipientRef, String channelName,
        Instant dueAt, Instant sendAt) {
      dose.add(doseId);
      patient.add(patientId);
      kind.add(kindName);
      recipient.add(recipientRef);
      channel.add(channelName);
      due.add(dueAt);
      next.add(sendAt);
    }

    int insert(Connection c) throws SQLException {
      if (dose.isEmpty()) {
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_REMINDERS)) {
        ps.setArray(1, SqlArrays.longs(c, dose));
        ps.setArray(2, SqlArrays.texts(c, patient));
        ps.setArray(3, SqlArrays.texts(c, kind));
        ps.setArray(4, SqlArrays.texts(c, recipient));
        ps.setArray(5, SqlArrays.texts(c, channel));
        ps.setArray(6, SqlArrays.millis(c, due));
        ps.setArray(7, SqlArrays.millis(c, next));
        return ps.executeUpdate();
      }
    }
  }
}
