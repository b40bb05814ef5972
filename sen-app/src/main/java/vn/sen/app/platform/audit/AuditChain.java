package vn.sen.app.platform.audit;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.atomic.AtomicReferenceArray;
import vn.sen.app.platform.audit.AuditContext.Actor;

/**
 * The trail's rows in PostgreSQL: entries staged without a lock, moved onto the trail inside PostgreSQL
 * under the chain lock (and sealed there by {@link AuditSealer}), the per-entry links chained before V10, and
 * reading them back.
 */
final class AuditChain {
  /**
   * The advisory lock ("SENAUDIT" in ASCII) that the writer and retention hold while they extend or cut the
   * trail, in any Sen process on the database, from reading the tail until their transaction ends. Requests
   * and writes staging entries never take it.
   */
  static final long CHAIN_LOCK = 0x53454E4155444954L;

  /** An entry's own columns, in {@link #bind} order. */
  static final String ENTRY_COLUMNS = """
      recorded, action, outcome, actor, actor_system, fhir_user, roles, organization, on_behalf_of,
      patients, entities, purpose, reason, client_address, user_agent, request_id""";
  /** The columns staging writes: the entry's own, its hash and its entity keys. */
  private static final String STAGED_COLUMNS = ENTRY_COLUMNS + ", entry_hash, entity_keys";
  /** The types of {@link #STAGED_COLUMNS} (V4, V10); the lists are bound as one text each. */
  private static final String[] STAGED_COLUMN_TYPES = {"timestamptz", "text", "text", "text", "boolean", "text",
      "text[]", "text", "text", "text[]", "text[]", "text", "text", "text", "text", "text", "bytea", "text[]"};
  /** Joins a list's values into one bind parameter (U+001F, INFORMATION SEPARATOR ONE: never in ids or codes). */
  static final char LIST_SEPARATOR = '\u001f';
  /** A stored entry: its position and its own columns. */
  static final String ROW_COLUMNS = "seq, " + ENTRY_COLUMNS;
  /** A link of the per-entry chain written before V10. */
  static final String LINK_COLUMNS = "seq, " + ENTRY_COLUMNS + ", prev_hash, hash";

  /** {@link #rows(int)} by count, built once per count used (a busy server stages groups of a few sizes). */
  private static final AtomicReferenceArray<String> STAGED_ROWS = new AtomicReferenceArray<>(AuditTrail.MAX_GROUP + 1);

  private AuditChain() {}

  /** An entry as stored, with its position (the AuditEvent id). */
  record Row(long seq, AuditEntry entry) {}

  /**
   * Stages entries in the connection's open transaction: they commit or roll back with it, and take no
   * lock, so concurrent writers never wait for each other here. The writer later moves them onto the trail.
   */
  static void stage(Connection c, List<AuditEntry> entries) throws SQLException {
    requireTransaction(c);
    for (int from = 0; from < entries.size(); from += AuditTrail.MAX_GROUP) {
      List<AuditEntry> group = entries.subList(from, Math.min(entries.size(), from + AuditTrail.MAX_GROUP));
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO audit_pending (" + STAGED_COLUMNS + ") VALUES " + rows(group.size()))) {
        int p = 1;
        for (AuditEntry e : group) {
          p = bind(ps, p, e);
        }
        ps.executeUpdate();
      }
    }
  }

  /**
   * Stages entries on their own, in one statement and one round trip, on a connection in auto-commit
   * mode: they are committed when the call returns. Unless {@code waitForFlush}, that commit does not wait
   * for the WAL flush ({@code synchronous_commit} off for this statement's transaction only: a crash of the
   * database machine may lose the last fraction of a second of such entries).
   */
  static void stageCommitted(Connection c, List<AuditEntry> entries, boolean waitForFlush) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException("committed entries are staged in auto-commit mode");
    }
    if (entries.isEmpty() || entries.size() > AuditTrail.MAX_GROUP) {
      throw new IllegalArgumentException("1 to " + AuditTrail.MAX_GROUP + " entries per statement");
    }
    // set_config(…, true) holds until the end of the statement's own transaction, i.e. for its commit
    String sql = waitForFlush
        ? "INSERT INTO audit_pending (" + STAGED_COLUMNS + ") VALUES " + rows(entries.size())
        : "INSERT INTO audit_pending (" + STAGED_COLUMNS + ") SELECT v.* FROM (VALUES " + rows(entries.size())
            + ") AS v (" + STAGED_COLUMNS + "), (SELECT set_config('synchronous_commit', 'off', true)) AS async";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (AuditEntry e : entries) {
        p = bind(ps, p, e);
      }
      ps.executeUpdate();
    }
  }

  /**
   * Moves up to {@code limit} committed staged entries onto the trail, in the order staged, at positions
   * {@code firstSeq}, {@code firstSeq + 1}…, inside PostgreSQL (the entries never travel back to Sen), in
   * the connection's open transaction, which must hold the chain lock.
   *
   * @return the moved entries' hashes, 32 bytes each, in position order (empty if none was staged)
   */
  static byte[] moveStaged(Connection c, long firstSeq, int limit) throws SQLException {
    allowChainDeletes(c);
    TreeMap<Long, byte[]> bySeq = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("WITH moved AS (DELETE FROM audit_pending WHERE id IN"
        + " (SELECT id FROM audit_pending ORDER BY id LIMIT ?) RETURNING *),"
        + " numbered AS (SELECT m.*, ? - 1 + row_number() OVER (ORDER BY id) AS seq FROM moved m)"
        + " INSERT INTO audit_entry (seq, " + STAGED_COLUMNS + ") SELECT seq, " + STAGED_COLUMNS
        + " FROM numbered RETURNING seq, entry_hash")) {
      ps.setInt(1, limit);
      ps.setLong(2, firstSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bySeq.put(rs.getLong(1), rs.getBytes(2));
        }
      }
    }
    ByteArrayOutputStream hashes = new ByteArrayOutputStream(32 * bySeq.size());
    bySeq.values().forEach(hashes::writeBytes);
    return hashes.toByteArray();
  }

  /**
   * Entries a version before V10 staged (without hash or keys), taken out of {@code audit_pending} in the
   * order staged, in the connection's open transaction.
   */
  static List<AuditEntry> takeUnhashed(Connection c) throws SQLException {
    allowChainDeletes(c);
    TreeMap<Long, AuditEntry> byId = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "DELETE FROM audit_pending WHERE entry_hash IS NULL RETURNING id, " + ENTRY_COLUMNS)) {
      while (rs.next()) {
        byId.put(rs.getLong("id"), readEntry(rs));
      }
    }
    return List.copyOf(byId.values());
  }

  /** Puts entries onto the trail at positions {@code firstSeq}…; returns their hashes in position order. */
  static byte[] insertAt(Connection c, long firstSeq, List<AuditEntry> entries) throws SQLException {
    ByteArrayOutputStream hashes = new ByteArrayOutputStream(32 * entries.size());
    long seq = firstSeq;
    for (int from = 0; from < entries.size(); from += AuditTrail.MAX_GROUP) {
      List<AuditEntry> group = entries.subList(from, Math.min(entries.size(), from + AuditTrail.MAX_GROUP));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (seq, " + STAGED_COLUMNS
          + ") SELECT v.* FROM (VALUES " + rows(group.size(), true) + ") AS v (seq, " + STAGED_COLUMNS + ")")) {
        int p = 1;
        for (AuditEntry e : group) {
          ps.setLong(p++, seq++);
          p = bind(ps, p, e);
          hashes.writeBytes(e.hash());
        }
        ps.executeUpdate();
      }
    }
    return hashes.toByteArray();
  }

  private static void allowChainDeletes(Connection c) throws SQLException {
    requireTransaction(c);
    try (Statement s = c.createStatement()) {
      // tells the append-only trigger on audit_pending that these deletes are the chaining writer's
      s.execute("SET LOCAL sen.audit_chain = 'on'");
    }
  }

  /** Whether staged entries wait to be moved onto the trail. */
  static boolean hasStaged(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM audit_pending ORDER BY id LIMIT 1")) {
      return rs.next();
    }
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
              (SELECT seq, hash FROM audit_entry WHERE entry_hash IS NULL ORDER BY seq DESC LIMIT 1)
              UNION ALL
              (SELECT through_seq, hash FROM audit_retention_mark ORDER BY through_seq DESC LIMIT 1)
            ) t ORDER BY seq DESC LIMIT 1""")) {
      return rs.next() ? new Tail(rs.getLong(1), rs.getBytes(2)) : new Tail(0, ChainLink.GENESIS);
    }
  }

  /** {@code count} rows of {@link #STAGED_COLUMNS} placeholders. */
  private static String rows(int count) {
    String rows = STAGED_ROWS.get(count);
    if (rows == null) {
      rows = rows(count, false);
      STAGED_ROWS.set(count, rows);
    }
    return rows;
  }

  /** {@code count} rows of {@link #STAGED_COLUMNS} placeholders, after a position if {@code withSeq}. */
  private static String rows(int count, boolean withSeq) {
    List<String> marks = new ArrayList<>(STAGED_COLUMN_TYPES.length + 1);
    if (withSeq) {
      marks.add("?::bigint");
    }
    for (String type : STAGED_COLUMN_TYPES) {
      // typed: in a VALUES list under a SELECT, untyped parameters would not take the columns' types
      marks.add(type.equals("text[]") ? "string_to_array(?::text, chr(31))" : "?::" + type);
    }
    String row = "(" + String.join(",", marks) + ")";
    return String.join(",", Collections.nCopies(count, row));
  }

  /**
   * Binds an entry's {@link #STAGED_COLUMNS}: its three lists (roles, patients, entities) and its entity
   * keys travel as one text each, joined by {@link #LIST_SEPARATOR} and split by PostgreSQL, which costs
   * far less than the driver's array literals for an entry naming hundreds of resources.
   */
  private static int bind(PreparedStatement ps, int first, AuditEntry e) throws SQLException {
    int p = first;
    // as ISO 8601 text with its offset (Z): the driver's Timestamp binding builds a calendar per statement
    ps.setString(p++, e.recorded().toString());
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
