package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The inbox the companion page polls for in-page reminders (and shows as Web notifications): taking
 * the messages marks them delivered, so each shows once. Messages whose dose is older than the expiry
 * time are left out.
 */
public final class InPageInbox {
  // Two tabs polling at once is the race: SKIP LOCKED hands each message to one of them.
  private static final String TAKE = """
      with taken as (
        select id from reminder
        where recipient = ? and state = 'sent' and channel = 'in-page' and due_at >= ?
        order by due_at
        limit ?
        for update skip locked)
      update reminder r set state = 'delivered', delivered_at = ?
      from taken, reminder_dose d
      where r.id = taken.id and d.id = r.dose_id
      returning r.id, r.kind, d.medication_request, d.due_at, d.medication, d.dose_label""";

  private final DataSource dataSource;
  private final ReminderTexts texts;
  private final ReminderSettings settings;
  private final Clock clock;

  public InPageInbox(DataSource dataSource, ReminderTexts texts, ReminderSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.texts = texts;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * One message for the page.
   *
   * @param text in the language asked for
   */
  public record Message(long id, String kind, String medicationRequestId, Instant due, String medication,
      String doseLabel, String text) {}

  /** Takes up to {@code limit} waiting messages for {@code recipient} ({@code Patient/…}, {@code RelatedPerson/…}). */
  public List<Message> take(String recipient, String language, int limit) {
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TAKE)) {
      ps.setString(1, recipient);
      ps.setObject(2, now.minus(settings.expireAfter()).atOffset(ZoneOffset.UTC));
      ps.setInt(3, limit);
      ps.setObject(4, now.atOffset(ZoneOffset.UTC));
      List<Message> messages = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kind = rs.getString("kind");
          Instant due = SqlArrays.instant(rs, "due_at");
          String medication = rs.getString("medication");
          String label = rs.getString("dose_label");
          String text = "escalation".equals(kind) ? texts.escalation(language, medication, label, due)
              : texts.dose(language, medication, label, due);
          messages.add(new Message(rs.getLong("id"), kind, rs.getString("medication_request"), due, medication,
              label, text));
        }
      }
      return messages;
    } catch (SQLException e) {
      throw new ReminderStoreException("reading the in-page inbox", e);
    }
  }
}
