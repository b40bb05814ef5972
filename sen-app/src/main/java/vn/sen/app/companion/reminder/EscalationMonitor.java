package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.companion.reminder.DoseAnswers.DoseRef;

/**
 * Escalation: once a watched dose has been due for the patient's {@code escalateAfter}, asks
 * {@link DoseAnswers} whether it was answered. An unanswered dose is a miss; when the patient has missed
 * {@code escalateAfterMisses} doses in a row, and only when the patient's consent authorises the caregiver
 * ({@link CaregiverConsent}), the caregiver is told: a FHIR Communication to the RelatedPerson is written
 * (and a Flag and a Task for the care team when configured), and an escalation reminder is queued on the
 * caregiver's channels. Without consent nothing goes to the caregiver; the dose is marked
 * {@code unauthorised}. An answered dose resets the count.
 */
public final class EscalationMonitor {
  private static final Logger log = LoggerFactory.getLogger(EscalationMonitor.class);
  // Two monitors checking at once is the race: SKIP LOCKED gives each different doses.
  private static final String CLAIM = """
      select id, patient_id, medication_request, due_at, medication, dose_label from reminder_dose
      where watch = 'open' and check_at <= ?
      order by check_at
      limit ?
      for update skip locked""";
  // Two monitors counting misses of one patient at once (different doses) is the race: the preference
  // rows are locked, in a fixed order so that two batches cannot deadlock.
  private static final String LOCK_COUNTS = """
      select patient_id, consecutive_misses from reminder_preference where patient_id = any(?)
      order by patient_id for update""";
  private static final String SET_WATCH = """
      update reminder_dose d set watch = v.w from unnest(?::bigint[], ?::text[]) as v(id, w) where d.id = v.id""";
  private static final String SET_COUNTS = """
      update reminder_preference p set consecutive_misses = v.n
      from unnest(?::text[], ?::integer[]) as v(id, n) where p.patient_id = v.id""";

  private final DataSource dataSource;
  private final DoseAnswers answers;
  private final CaregiverConsent consent;
  private final EscalationRecords records;
  private final ReminderPreferenceStore preferences;
  private final ReminderSettings settings;
  private final Clock clock;

  public EscalationMonitor(DataSource dataSource, DoseAnswers answers, CaregiverConsent consent,
      EscalationRecords records, ReminderPreferenceStore preferences, ReminderSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.answers = answers;
    this.consent = consent;
    this.records = records;
    this.preferences = preferences;
    this.settings = settings;
    this.clock = clock;
  }

  /** What a check did. */
  public record Checked(int doses, int answered, int missed, int escalated, int unauthorised) {
    Checked plus(Checked o) {
      return new Checked(doses + o.doses, answered + o.answered, missed + o.missed, escalated + o.escalated,
          unauthorised + o.unauthorised);
    }
  }

  /** Checks every watched dose whose time has come, in batches. */
  public Checked checkDue() {
    Checked total = new Checked(0, 0, 0, 0, 0);
    Checked batch;
    do {
      batch = checkBatch();
      total = total.plus(batch);
    } while (batch.doses() == settings.batchSize());
    return total;
  }

  private record Dose(long id, String patientId, String request, Instant due, String medication, String label) {}

  Checked checkBatch() {
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Dose> doses = claim(c, now);
        if (doses.isEmpty()) {
          c.rollback();
          return new Checked(0, 0, 0, 0, 0);
        }
        Set<String> patients = new LinkedHashSet<>();
        doses.forEach(d -> patients.add(d.patientId()));
        Map<String, Integer> misses = lockCounts(c, patients);
        Map<String, ReminderPreferences> prefs = preferences.findAll(c, patients);
        Set<DoseRef> answered = answers.answered(doses.stream()
            .map(d -> new DoseRef(d.patientId(), d.request(), d.due())).toList());
        List<Long> ids = new ArrayList<>();
        List<String> watch = new ArrayList<>();
        ReminderPlanner.ReminderRows escalations = new ReminderPlanner.ReminderRows();
        int[] counts = new int[4];
        for (Dose d : doses.stream().sorted(Comparator.comparing(Dose::due)).toList()) {
          String outcome = decide(d, answered, misses, prefs.get(d.patientId()), now, escalations);
          ids.add(d.id());
          watch.add(outcome);
          counts[switch (outcome) {
            case "answered" -> 0;
            case "missed" -> 1;
            case "escalated" -> 2;
            default -> 3;
          }]++;
        }
        update(c, ids, watch, misses);
        escalations.insert(c);
        c.commit();
        return new Checked(doses.size(), counts[0], counts[1], counts[2], counts[3]);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("checking doses for escalation", e);
    }
  }

  private String decide(Dose d, Set<DoseRef> answered, Map<String, Integer> misses, ReminderPreferences p,
      Instant now, ReminderPlanner.ReminderRows escalations) {
    if (answered.contains(new DoseRef(d.patientId(), d.request(), d.due()))) {
      misses.put(d.patientId(), 0);
      return "answered";
    }
    int inARow = misses.getOrDefault(d.patientId(), 0) + 1;
    misses.put(d.patientId(), inARow);
    String caregiver = p.caregiver();
    if (!p.watched() || caregiver == null || inARow < p.escalateAfterMisses()) {
      return "missed";
    }
    misses.put(d.patientId(), 0);
    if (!consent.authorises(d.patientId(), caregiver, now)) {
      log.info("Escalation not sent: the patient's consent does not authorise the caregiver");
      return "unauthorised";
    }
    records.write(new EscalationRecords.Escalation(d.id(), d.patientId(), caregiver, d.request(), d.due(),
        d.medication(), d.label(), inARow));
    List<String> via = p.caregiverChannels().isEmpty() ? List.of(InPageChannel.NAME) : p.caregiverChannels();
    Instant send = p.quietHours() == null ? now : p.quietHours().sendTime(now, p.zone()).orElse(null);
    if (send != null) {
      for (String channel : via) {
        escalations.add(d.id(), d.patientId(), "escalation", "RelatedPerson/" + caregiver, channel, now, send);
      }
    }
    log.info("Escalated to a caregiver after {} missed doses", inARow);
    return "escalated";
  }

  private List<Dose> claim(Connection c, Instant now) throws SQLException {
    List<Dose> doses = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setObject(1, now.atOffset(ZoneOffset.UTC));
      ps.setInt(2, settings.batchSize());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          doses.add(new Dose(rs.getLong("id"), rs.getString("patient_id"), rs.getString("medication_request"),
              SqlArrays.instant(rs, "due_at"), rs.getString("medication"), rs.getString("dose_label")));
        }
      }
    }
    return doses;
  }

  private static Map<String, Integer> lockCounts(Connection c, Set<String> patients) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LOCK_COUNTS)) {
      ps.setArray(1, SqlArrays.texts(c, List.copyOf(patients)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return counts;
  }

  private static void update(Connection c, List<Long> ids, List<String> watch, Map<String, Integer> misses)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_WATCH)) {
      ps.setArray(1, SqlArrays.longs(c, ids));
      ps.setArray(2, SqlArrays.texts(c, watch));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(SET_COUNTS)) {
      ps.setArray(1, SqlArrays.texts(c, List.copyOf(misses.keySet())));
      ps.setArray(2, SqlArrays.ints(c, misses.keySet().stream().map(misses::get).toList()));
      ps.executeUpdate();
    }
  }
}
