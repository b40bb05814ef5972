package vn.sen.app.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the oldest entries once they are past {@code sen.audit.retention}, never one that concerns a
 * patient whose record Sen still holds. Only a prefix of the chain is removed (the chain must stay
 * verifiable): first the entries chained one by one before V10, then whole sealed blocks, stopping at the
 * first entry that must be kept; the hash of the last removed entry or seal is kept as a retention mark,
 * from which {@link AuditVerifier} continues.
 */
public final class AuditRetention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
  /** Circular 33/2025: ordinary medical records are kept 10 years; an audit entry never less than its record. */
  public static final Period RECORD_RETENTION = Period.ofYears(10);
  private static final int PAGE = 1000;

  private final DataSource dataSource;
  private final Period retention;
  private final Predicate<String> patientHeld;
  private final Clock clock;
  private @Nullable ScheduledExecutorService daily;

  /**
   * @param patientHeld whether the store still holds the record of the Patient with this id
   * @throws IllegalArgumentException if {@code retention} is shorter than {@link #RECORD_RETENTION}
   */
  public AuditRetention(DataSource dataSource, Period retention, Predicate<String> patientHeld, Clock clock) {
    if (shorter(retention, RECORD_RETENTION)) {
      throw new IllegalArgumentException("sen.audit.retention=" + retention + " is shorter than the "
          + RECORD_RETENTION + " medical records are kept (Circular 33/2025); audit entries must be kept at least as"
          + " long as the record they describe");
    }
    this.dataSource = dataSource;
    this.retention = retention;
    this.patientHeld = patientHeld;
    this.clock = clock;
  }

  /** Prunes once a day, the first time an hour from now (never during start-up). */
  public synchronized void startDaily() {
    if (daily != null) {
      return;
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("sen-audit-retention").daemon().factory());
    executor.scheduleAtFixedRate(this::pruneLogged, 1, 24, TimeUnit.HOURS);
    daily = executor;
  }

  private void pruneLogged() {
    try {
      prune();
    } catch (SQLException | RuntimeException e) {
      log.error("Audit retention failed; it runs again tomorrow", e);
    }
  }

  @Override
  public synchronized void close() {
    if (daily != null) {
      daily.shutdownNow();
      daily = null;
    }
  }

  static boolean shorter(Period a, Period b) {
    LocalDate from = LocalDate.of(2000, 1, 1);
    return from.plus(a).isBefore(from.plus(b));
  }

  /** Removes what retention allows; returns how many entries were removed. */
  public long prune() throws SQLException {
    Instant now = clock.instant();
    Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long removed = prune(c, cutoff, now);
        c.commit();
        return removed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private long prune(Connection c, Instant cutoff, Instant now) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      // the sealer's lock: a chain being extended is never the prefix being removed
      lock.setLong(1, AuditChain.CHAIN_LOCK);
      lock.execute();
    }
    try (Statement s = c.createStatement()) {
      // tells the append-only triggers these deletes are retention's (docs/audit.md)
      s.execute("SET LOCAL sen.audit_retention = 'on'");
    }
    Map<String, Boolean> held = new HashMap<>();
    Removable links = lastRemovableLink(c, cutoff, held);
    long removed = links.last() == null ? 0 : removeLinksThrough(c, links.last(), now);
    if (links.keptOne()) {
      return removed;
    }
    AuditSeal last = lastRemovableSeal(c, cutoff, held);
    return last == null ? removed : removed + removeSealsThrough(c, last, now);
  }

  /** The last link to remove, and whether a link after it must be kept. */
  private record Removable(AuditChain.@Nullable Tail last, boolean keptOne) {}

  /** The last link of the longest prefix of the per-entry chain that is past retention and concerns no record held. */
  private Removable lastRemovableLink(Connection c, Instant cutoff, Map<String, Boolean> held) throws SQLException {
    AuditChain.Tail last = null;
    int rows = PAGE;
    while (rows == PAGE) {
      rows = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded, patients, hash FROM audit_entry"
          + " WHERE seq > ? AND entry_hash IS NULL ORDER BY seq LIMIT " + PAGE)) {
        ps.setLong(1, last == null ? 0 : last.seq());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            if (!rs.getTimestamp(2).toInstant().isBefore(cutoff) || concernsHeld(rs.getArray(3), held)) {
              return new Removable(last, true);
            }
            last = new AuditChain.Tail(rs.getLong(1), rs.getBytes(4));
          }
        }
      }
    }
    return new Removable(last, false);
  }

  private long removeLinksThrough(Connection c, AuditChain.Tail last, Instant now) throws SQLException {
    try (PreparedStatement mark = c.prepareStatement(
        "INSERT INTO audit_retention_mark (through_seq, hash, marked_at) VALUES (?, ?, ?)")) {
      mark.setLong(1, last.seq());
      mark.setBytes(2, last.hash());
      mark.setTimestamp(3, Timestamp.from(now));
      mark.executeUpdate();
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_entry WHERE seq <= ? AND entry_hash IS NULL")) {
      delete.setLong(1, last.seq());
      long removed = delete.executeUpdate();
      log.info("Audit retention removed {} entries through {}", removed, last.seq());
      return removed;
    }
  }

  /** The last seal of the longest run of blocks whose entries are all past retention and concern no record held. */
  private @Nullable AuditSeal lastRemovableSeal(Connection c, Instant cutoff, Map<String, Boolean> held) throws SQLException {
    AuditSeal last = null;
    int rows = PAGE;
    while (rows == PAGE) {
      rows = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditSeal.COLUMNS
          + " FROM audit_seal WHERE block > ? ORDER BY block LIMIT " + PAGE);
          PreparedStatement entries = c.prepareStatement(
              "SELECT recorded, patients FROM audit_entry WHERE seq BETWEEN ? AND ?")) {
        ps.setLong(1, last == null ? 0 : last.block());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            AuditSeal seal = AuditSeal.read(rs);
            if (!removable(entries, seal, cutoff, held)) {
              return last;
            }
            last = seal;
          }
        }
      }
    }
    return last;
  }

  private boolean removable(PreparedStatement entries, AuditSeal seal, Instant cutoff, Map<String, Boolean> held)
      throws SQLException {
    entries.setLong(1, seal.firstSeq());
    entries.setLong(2, seal.lastSeq());
    try (ResultSet rs = entries.executeQuery()) {
      while (rs.next()) {
        if (!rs.getTimestamp(1).toInstant().isBefore(cutoff) || concernsHeld(rs.getArray(2), held)) {
          return false;
        }
      }
    }
    return true;
  }

  private long removeSealsThrough(Connection c, AuditSeal last, Instant now) throws SQLException {
    try (PreparedStatement mark = c.prepareStatement("INSERT INTO audit_seal_mark"
        + " (through_block, last_seq, hash, marked_at) VALUES (?, ?, ?, ?)")) {
      mark.setLong(1, last.block());
      mark.setLong(2, last.lastSeq());
      mark.setBytes(3, last.hash());
      mark.setTimestamp(4, Timestamp.from(now));
      mark.executeUpdate();
    }
    long removed;
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_entry WHERE seq <= ?")) {
      delete.setLong(1, last.lastSeq());
      removed = delete.executeUpdate();
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_seal WHERE block <= ?")) {
      delete.setLong(1, last.block());
      delete.executeUpdate();
    }
    log.info("Audit retention removed {} entries sealed in blocks through {}", removed, last.block());
    return removed;
  }

  private boolean concernsHeld(Array patients, Map<String, Boolean> held) throws SQLException {
    for (Object p : (Object[]) patients.getArray()) {
      if (held.computeIfAbsent((String) p, patientHeld::test)) {
        return true;
      }
    }
    return false;
  }
}
