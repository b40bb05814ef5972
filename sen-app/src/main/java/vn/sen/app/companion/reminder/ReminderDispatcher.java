package vn.sen.app.companion.reminder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.reminder.ReminderChannel.Outcome;

/**
 * Sends due reminders: claims a batch, sends it through the channels, records the outcomes. Any number
 * of dispatchers (threads or instances) may run: a claim takes rows no other claim holds and leases them
 * (moves their next attempt forward by the lease), so a reminder claimed by a dispatcher that died is
 * claimed again once the lease has passed. A completion only lands on the claim it belongs to and only on
 * a reminder still pending (a {@code stop-reminders} in between wins). Delivery is therefore at least
 * once; webhook receivers deduplicate by id.
 */
public final class ReminderDispatcher {
  // Two dispatchers polling at once is the race: FOR UPDATE SKIP LOCKED gives each a disjoint set of
  // rows, and the lease written in the same statement keeps them out of later claims until it passes.
  private static final String CLAIM = """
      with due as (
        select id from reminder
        where state = 'pending' and next_attempt_at <= ?
        order by next_attempt_at
        limit ?
        for update skip locked)
      update reminder r set attempts = r.attempts + 1, next_attempt_at = ?
      from due, reminder_dose d
      where r.id = due.id and d.id = r.dose_id
      returning r.id, r.attempts, r.patient_id, r.kind, r.recipient, r.channel, r.due_at as remind_at, d.due_at, d.medication,
        d.dose_label""";
  private static final Outcome EXPIRED = new Outcome.Failed(null, "expired");
  // The attempts check ignores a completion whose lease ran out and was claimed again; the state check
  // lets a cancellation made meanwhile stand.
  private static final String COMPLETE = """
      update reminder r set state = v.s, next_attempt_at = %s,
        sent_at = case when v.s in ('sent', 'delivered') then ? else r.sent_at end,
        delivered_at = case when v.s = 'delivered' then ? else r.delivered_at end
      from unnest(?::bigint[], ?::integer[], ?::text[], ?::bigint[]) as v(id, a, s, nxt)
      where r.id = v.id and r.attempts = v.a and r.state = 'pending'""".formatted(SqlArrays.TIME.formatted("v.nxt"));
  private static final String LOG = """
      insert into reminder_delivery (reminder_id, attempt, at, channel, outcome, http_status, detail)
      select id, a, ?, c, o, h, d
      from unnest(?::bigint[], ?::integer[], ?::text[], ?::text[], ?::integer[], ?::text[]) as t(id, a, c, o, h, d)""";

  private final DataSource dataSource;
  private final Map<String, ReminderChannel> channels;
  private final Recipients recipients;
  private final Backoff backoff;
  private final ReminderSettings settings;
  private final Clock clock;

  public ReminderDispatcher(DataSource dataSource, List<ReminderChannel> channels, Recipients recipients,
      Backoff backoff, ReminderSettings settings, Clock clock) {
    this.dataSource = dataSource;
    Map<String, ReminderChannel> byName = new LinkedHashMap<>();
    channels.forEach(ch -> byName.put(ch.name(), ch));
    this.channels = Map.copyOf(byName);
    this.recipients = recipients;
    this.backoff = backoff;
    this.settings = settings;
    this.clock = clock;
  }

  /** Dispatches batches until fewer than a full batch was due; returns how many were handled. */
  public long dispatchDue() {
    long total = 0;
    int handled;
    do {
      handled = dispatchBatch();
      total += handled;
    } while (handled == settings.batchSize());
    return total;
  }

  /** Claims, sends and completes one batch; returns its size. */
  public int dispatchBatch() {
    List<OutgoingReminder> claimed = claim();
    if (claimed.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    List<Outcome> outcomes = new ArrayList<>(claimed.size());
    Map<String, List<Integer>> byChannel = new LinkedHashMap<>();
    for (int i = 0; i < claimed.size(); i++) {
      OutgoingReminder r = claimed.get(i);
      outcomes.add(null);
      if (now.isAfter(r.due().plus(settings.expireAfter()))) {
        outcomes.set(i, EXPIRED);
      } else {
        byChannel.computeIfAbsent(r.channel(), k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Recipients.Recipient> reach = lookUp(claimed, byChannel);
    for (Map.Entry<String, List<Integer>> group : byChannel.entrySet()) {
      ReminderChannel channel = channels.get(group.getKey());
      List<OutgoingReminder> batch = new ArrayList<>(group.getValue().size());
      for (int i : group.getValue()) {
        OutgoingReminder r = claimed.get(i);
        batch.add(channel != null && channel.needsRecipient() ? withReach(r, reach) : r);
      }
      List<Outcome> sent = channel == null
          ? java.util.Collections.nCopies(batch.size(), new Outcome.Failed(null, "unknown channel"))
          : channel.send(batch);
      for (int j = 0; j < batch.size(); j++) {
        outcomes.set(group.getValue().get(j), sent.get(j));
      }
    }
    complete(claimed, outcomes);
    return claimed.size();
  }

  private Map<String, Recipients.Recipient> lookUp(List<OutgoingReminder> claimed,
      Map<String, List<Integer>> byChannel) {
    Set<String> wanted = new LinkedHashSet<>();
    byChannel.forEach((name, indexes) -> {
      ReminderChannel channel = channels.get(name);
      if (channel != null && channel.needsRecipient()) {
        indexes.forEach(i -> wanted.add(claimed.get(i).recipient()));
      }
    });
    return wanted.isEmpty() ? Map.of() : recipients.lookup(wanted);
  }

  private static OutgoingReminder withReach(OutgoingReminder r, Map<String, Recipients.Recipient> reach) {
    return new OutgoingReminder(r.id(), r.attempt(), r.patientId(), r.kind(), r.recipient(), r.channel(),
        r.due(), r.doseDue(), r.medication(), r.doseLabel(), reach.get(r.recipient()));
  }

  private List<OutgoingReminder> claim() {
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setObject(1, now.atOffset(ZoneOffset.UTC));
      ps.setInt(2, settings.batchSize());
      ps.setObject(3, now.plus(settings.lease()).atOffset(ZoneOffset.UTC));
      List<OutgoingReminder> claimed = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(new OutgoingReminder(rs.getLong("id"), rs.getInt("attempts"), rs.getString("patient_id"),
              rs.getString("kind"), rs.getString("recipient"), rs.getString("channel"),
              SqlArrays.instant(rs, "remind_at"), SqlArrays.instant(rs, "due_at"), rs.getString("medication"), rs.getString("dose_label"), null));
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new ReminderStoreException("claiming reminders", e);
    }
  }

  private void complete(List<OutgoingReminder> claimed, List<Outcome> outcomes) {
    Instant now = clock.instant();
    int n = claimed.size();
    List<Long> ids = new ArrayList<>(n);
    List<Integer> attempts = new ArrayList<>(n);
    List<String> states = new ArrayList<>(n);
    List<Instant> next = new ArrayList<>(n);
    List<String> channelNames = new ArrayList<>(n);
    List<String> logged = new ArrayList<>(n);
    List<@Nullable Integer> status = new ArrayList<>(n);
    List<@Nullable String> detail = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OutgoingReminder r = claimed.get(i);
      Outcome o = outcomes.get(i);
      String state = switch (o) {
        case Outcome.Sent s -> "sent";
        case Outcome.Delivered d -> "delivered";
        case Outcome.Failed f when f == EXPIRED -> "expired";
        case Outcome.Failed f -> "failed";
        case Outcome.Retry t -> r.attempt() >= settings.retry().maxAttempts() ? "failed" : "pending";
      };
      ids.add(r.id());
      attempts.add(r.attempt());
      states.add(state);
      next.add("pending".equals(state) ? now.plus(backoff.after(r.attempt())) : now);
      channelNames.add(r.channel());
      logged.add(o instanceof Outcome.Retry ? "retry" : state);
      status.add(switch (o) {
        case Outcome.Delivered d -> d.status();
        case Outcome.Retry t -> t.status();
        case Outcome.Failed f -> f.status();
        case Outcome.Sent s -> null;
      });
      detail.add(switch (o) {
        case Outcome.Retry t -> t.detail();
        case Outcome.Failed f -> f.detail();
        default -> null;
      });
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement done = c.prepareStatement(COMPLETE); PreparedStatement log = c.prepareStatement(LOG)) {
        done.setObject(1, now.atOffset(ZoneOffset.UTC));
        done.setObject(2, now.atOffset(ZoneOffset.UTC));
        done.setArray(3, SqlArrays.longs(c, ids));
        done.setArray(4, SqlArrays.ints(c, attempts));
        done.setArray(5, SqlArrays.texts(c, states));
        done.setArray(6, SqlArrays.millis(c, next));
        done.executeUpdate();
        log.setObject(1, now.atOffset(ZoneOffset.UTC));
        log.setArray(2, SqlArrays.longs(c, ids));
        log.setArray(3, SqlArrays.ints(c, attempts));
        log.setArray(4, SqlArrays.texts(c, channelNames));
        log.setArray(5, SqlArrays.texts(c, logged));
        log.setArray(6, c.createArrayOf("integer", status.toArray()));
        log.setArray(7, SqlArrays.texts(c, detail));
        log.executeUpdate();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new ReminderStoreException("recording reminder outcomes", e);
    }
  }
}
