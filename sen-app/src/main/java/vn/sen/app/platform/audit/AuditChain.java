package vn.sen.app.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import vn.sen.app.platform.audit.AuditContext.Actor;

/**
 * The trail's rows in PostgreSQL: entries inserted once, without a lock (sealed in blocks afterwards by
 * {@link AuditSealer}), the per-entry links chained before V10, and reading both back.
 */
final class AuditChain {
  /**
   * The advisory lock ("SENAUDIT" in ASCII) that the sealer and retention hold while they extend or cut
   * the chain of seals, in any Sen process on the database. Writers of entries never take it.
   */
  static final long CHAIN_LOCK = 0x53454E4155444954L;

  /** An entry's own columns, in {@link #bind} order. */
  static final String ENTRY_COLUMNS = """
      recorded, action, outcome, actor, actor_system, fhir_user, roles, organization, on_behalf_of,
      patients, entities, purpose, reason, client_address, user_agent, request_id""";
  /** The columns an insert writes: the entry's own, its hash and its entity keys (position and transaction by default). */
  private static final String INSERT_COLUMNS = ENTRY_COLUMNS + ", entry_hash, entity_keys";
  /** The types of {@link #INSERT_COLUMNS} (V4, V10); the lists are bound as one text each. */
  private static final String[] INSERT_COLUMN_TYPES = {"timestamptz", "text", "text", "text", "boolean", "text",
      "text[]", "text", "text", "text[]", "text[]", "text", "text", "text", "text", "text", "bytea", "text[]"};
  /** Joins a list's values into one bind parameter (U+001F, INFORMATION SEPARATOR ONE: never in ids or codes). */
  static final char LIST_SEPARATOR = '\u001f';
  /** A stored entry: its position and its own columns. */
  static final String ROW_COLUMNS = "seq, " + ENTRY_COLUMNS;
  /** A link of the per-entry chain written before V10. */
  static final String LINK_COLUMNS = "seq, " + ENTRY_COLUMNS + ", prev_hash, hash";
  /** Entries moved from {@code audit_pending} (left by a version before V10) in one pass at most. */
  static final int MAX_PENDING = 2000;

  private AuditChain() {}

  /** An entry as stored, with its position (the AuditEvent id). */
  record Row(long seq, AuditEntry entry) {}

  /**
   * Inserts entries in the connection's open transaction: they commit or roll back with it. No lock is
   * taken, so concurrent writers never wait for each other here; the sealer chains them once the
   * transaction has ended.
   */
  static void insert(Connection c, List<AuditEntry> entries) throws SQLException {
    requireTransaction(c);
    for (int from = 0; from < entries.size(); from += AuditTrail.MAX_GROUP) {
      List<AuditEntry> group = entries.subList(from, Math.min(entries.size(), from + AuditTrail.MAX_GROUP));
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO audit_entry (" + INSERT_COLUMNS + ") VALUES " + rows(group.size()))) {
        int p = 1;
        for (AuditEntry e : group) {
          p = bind(ps, p, e);
        }
        ps.executeUpdate();
      }
    }
  }

  /**
   * Inserts entries on their own, in one statement and one round trip, on a connection in auto-commit
   * mode: they are committed when the call returns. Unless {@code waitForFlush}, that commit does not wait
   * for the WAL flush ({@code synchronous_commit} off for this statement's transaction only: a crash of the
   * database machine may lose the last fraction of a second of such entries).
   */
  static void insertCommitted(Connection c, List<AuditEntry> entries, boolean waitForFlush) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException("committed entries are inserted in auto-commit mode");
    }
    if (entries.isEmpty() || entries.size() > AuditTrail.MAX_GROUP) {
      throw new IllegalArgumentException("1 to " + AuditTrail.MAX_GROUP + " entries per statement");
    }
    // set_config(…, true) holds until the end of the statement's own transaction, i.e. for its commit
    String sql = waitForFlush
        ? "INSERT INTO audit_entry (" + INSERT_COLUMNS + ") VALUES " + rows(entries.size())
        : "INSERT INTO audit_entry (" + INSERT_COLUMNS + ") SELECT v.* FROM (VALUES " + rows(entries.size())
            + ") AS v (" + INSERT_COLUMNS + "), (SELECT set_config('synchronous_commit', 'off', true)) AS async";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (AuditEntry e : entries) {
        p = bind(ps, p, e);
      }
      ps.executeUpdate();
    }
  }

  /** Whether a version before V10 left entries in {@code audit_pending}. */
  static boolean hasPending(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM audit_pending LIMIT 1")) {
      return rs.next();
    }
  }

  /**
   * Moves entries left in {@code audit_pending} by a version before V10 into {@code audit_entry}, oldest
   * first, in the connection's open transaction; returns how many.
   */
  static int movePending(Connection c) throws SQLException {
    requireTransaction(c);
    try (Statement s = c.createStatement()) {
      // tells the append-only trigger on audit_pending that these deletes are the chaining writer's
      s.execute("SET LOCAL sen.audit_chain = 'on'");
    }
    TreeMap<Long, AuditEntry> byId = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_pending WHERE id IN"
        + " (SELECT id FROM audit_pending ORDER BY id LIMIT ?) RETURNING id, " + ENTRY_COLUMNS)) {
      ps.setInt(1, MAX_PENDING);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byId.put(rs.getLong("id"), readEntry(rs));
        }
      }
    }
    insert(c, List.copyOf(byId.values()));
    return byId.size();
  }

  private static void requireTransaction(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("audit entries are written inside a transaction");
    }
  }

  /**
   * The end of the per-entry chain written before V10 (its last link, or the retention mark when retention
   * removed them all, else genesis): where the first seal links.
   */
  static Tail linkedTail(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            SELECT seq, hash FROM (
              (SELECT seq, hash FROM audit_entry WHERE txid IS NULL ORDER BY seq DESC LIMIT 1)
              UNION ALL
              (SELECT through_seq, hash FROM audit_retention_mark ORDER BY through_seq DESC LIMIT 1)
            ) t ORDER BY seq DESC LIMIT 1""")) {
      return rs.next() ? new Tail(rs.getLong(1), rs.getBytes(2)) : new Tail(0, ChainLink.GENESIS);
    }
  }

  /** {@code count} rows of {@link #INSERT_COLUMNS} placeholders. */
  private static String rows(int count) {
    List<String> marks = new ArrayList<>(INSERT_COLUMN_TYPES.length);
    for (String type : INSERT_COLUMN_TYPES) {
      // typed: in a VALUES list under a SELECT, untyped parameters would not take the columns' types
      marks.add(type.equals("text[]") ? "string_to_array(?::text, chr(31))" : "?::" + type);
    }
    String row = "(" + String.join(",", marks) + ")";
    return String.join(",", Collections.nCopies(count, row));
  }

  /**
   * Binds an entry's {@link #INSERT_COLUMNS}: its three lists (roles, patients, entities) and its entity
   * keys travel as one text each, joined by {@link #LIST_SEPARATOR} and split by PostgreSQL, which costs
   * far less than the driver's array literals for an entry naming hundreds of resources.
   */
  private static int bind(PreparedStatement ps, int first, AuditEntry e) throws SQLException {
    int p = first;
    ps.setTimestamp(p++, Timestamp.from(e.recorded()));
    ps.setString(p++, e.action());
    ps.setString(p++, e.outcome());
    ps.setString(p++, e.who().name());
    ps.setBoolean(p++, e.who().system());
    ps.setString(p++, e.who().fhirUser());
    ps.setString(p++, joined(e.who().roles().stream().sorted().toList()));
    ps.setString(p++, e.who().organization());
    ps.setString(p++, e.onBehalfOf());
    ps.setString(p++, joined(e.patients()));
    ps.setString(p++, joined(e.entities()));
    ps.setString(p++, e.purpose());
    ps.setString(p++, e.reason());
    ps.setString(p++, e.clientAddress());
    ps.setString(p++, e.userAgent());
    ps.setString(p++, e.requestId());
    ps.setBytes(p++, e.hash());
    ps.setString(p++, joined(e.entityKeys()));
    return p;
  }

  /** A list as one text for {@code string_to_array(?, chr(31))}; an empty list is the empty text. */
  static String joined(List<String> values) {
    for (String v : values) {
      if (v.indexOf(LIST_SEPARATOR) >= 0) {
        throw new IllegalArgumentException("an audit list value holds the list separator U+001F");
      }
    }
    return String.join(String.valueOf(LIST_SEPARATOR), values);
  }

  /** Reads one row selected with {@link #ROW_COLUMNS}. */
  static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getLong("seq"), readEntry(rs));
  }

  /** Reads one link selected with {@link #LINK_COLUMNS}. */
  static ChainLink link(ResultSet rs) throws SQLException {
    return new ChainLink(rs.getLong("seq"), readEntry(rs), rs.getBytes("prev_hash"), rs.getBytes("hash"));
  }

  static AuditEntry readEntry(ResultSet rs) throws SQLException {
    Actor who = new Actor(rs.getString("actor"), rs.getString("fhir_user"), Set.copyOf(strings(rs, "roles")),
        rs.getString("organization"), rs.getBoolean("actor_system"));
    return new AuditEntry(rs.getTimestamp("recorded").toInstant(), rs.getString("action"),
        rs.getString("outcome"), who, rs.getString("on_behalf_of"), strings(rs, "patients"),
        strings(rs, "entities"), rs.getString("purpose"), rs.getString("reason"), rs.getString("client_address"),
        rs.getString("user_agent"), rs.getString("request_id"));
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    if (a == null) {
      return List.of();
    }
    Object[] values = (Object[]) a.getArray();
    return Arrays.stream(values).map(v -> (String) v).toList();
  }

  /** The chain's last position and hash. */
  record Tail(long seq, byte[] hash) {}
}
