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

/** The chain's rows in PostgreSQL: appending at the tail under the chain lock, and reading back. */
final class AuditChain {
  /**
   * The advisory lock that orders the chain ("SENAUDIT" in ASCII). Every appender, in any Sen process
   * on the database, holds it from reading the tail until its transaction ends; without it two
   * transactions would read the same tail and fork the chain (the primary key would refuse the second,
   * failing its request instead of ordering it).
   */
  static final long CHAIN_LOCK = 0x53454E4155444954L;

  /** An entry's own columns, in {@link #bind} order. */
  static final String ENTRY_COLUMNS = """
      recorded, action, outcome, actor, actor_system, fhir_user, roles, organization, on_behalf_of,
      patients, entities, purpose, reason, client_address, user_agent, request_id""";
  private static final int ENTRY_COLUMN_COUNT = 16;
  /** The types of {@link #ENTRY_COLUMNS} (V4); the lists are bound as one text each. */
  private static final String[] ENTRY_COLUMN_TYPES = {"timestamptz", "text", "text", "text", "boolean", "text",
      "text[]", "text", "text", "text[]", "text[]", "text", "text", "text", "text", "text"};
  /** Joins a list's values into one bind parameter (U+001F, INFORMATION SEPARATOR ONE: never in ids or codes). */
  static final char LIST_SEPARATOR = '\u001f';
  static final String COLUMNS = "seq, " + ENTRY_COLUMNS + ", prev_hash, hash";
  /** Pending entries moved onto the chain by one pass at most (bind parameters stay under 65,535). */
  static final int MAX_PENDING = 2000;

  private AuditChain() {}

  /**
   * Stages entries in the connection's open transaction: they commit or roll back with it, and take no
   * lock, so concurrent writers never wait for each other here. {@link #append} later moves them onto the
   * chain.
   */
  static void stage(Connection c, List<AuditEntry> entries) throws SQLException {
    requireTransaction(c);
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_pending (" + ENTRY_COLUMNS + ") VALUES " + rows(entries.size(), 0, 0))) {
      int p = 1;
      for (AuditEntry e : entries) {
        p = bind(ps, p, e);
      }
      ps.executeUpdate();
    }
  }

  /**
   * Stages entries on their own, in one statement and one round trip, on a connection in auto-commit
   * mode: they are committed when the call returns, without waiting for the WAL flush
   * ({@code synchronous_commit} off for this statement's transaction only: a crash of the database machine
   * may lose the last fraction of a second of such entries).
   */
  static void stageCommitted(Connection c, List<AuditEntry> entries) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException("committed entries are staged in auto-commit mode");
    }
    if (entries.isEmpty()) {
      return;
    }
    // set_config(…, true) holds until the end of the statement's own transaction, i.e. for its commit
    String sql = "INSERT INTO audit_pending (" + ENTRY_COLUMNS + ") SELECT v.* FROM (VALUES "
        + rows(entries.size(), 0, 0) + ") AS v (" + ENTRY_COLUMNS + "),"
        + " (SELECT set_config('synchronous_commit', 'off', true)) AS async";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (AuditEntry e : entries) {
        p = bind(ps, p, e);
      }
      ps.executeUpdate();
    }
  }

  /**
   * Appends at the tail, in the connection's open READ COMMITTED transaction, the staged entries of
   * committed writes (oldest first, when {@code withPending}) and then {@code entries}. The chain lock is
   * held until that transaction ends; the tail read after taking it is the last committed one.
   */
  static List<ChainLink> append(Connection c, List<AuditEntry> entries, boolean withPending) throws SQLException {
    requireTransaction(c);
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CHAIN_LOCK);
      lock.execute();
    }
    List<AuditEntry> all = new ArrayList<>(withPending ? takePending(c) : List.of());
    all.addAll(entries);
    if (all.isEmpty()) {
      return List.of();
    }
    Tail tail = tail(c);
    List<ChainLink> links = new ArrayList<>(all.size());
    long seq = tail.seq();
    byte[] prev = tail.hash();
    for (AuditEntry e : all) {
      ChainLink link = ChainLink.after(seq, prev, e);
      links.add(link);
      seq = link.seq();
      prev = link.hash();
    }
    for (int from = 0; from < links.size(); from += AuditTrail.MAX_GROUP) {
      insert(c, links.subList(from, Math.min(links.size(), from + AuditTrail.MAX_GROUP)));
    }
    return links;
  }

  /** Appends {@code entries} only. */
  static List<ChainLink> append(Connection c, List<AuditEntry> entries) throws SQLException {
    return append(c, entries, false);
  }

  /** Whether committed writes' entries wait to be chained. */
  static boolean hasPending(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM audit_pending LIMIT 1")) {
      return rs.next();
    }
  }

  private static List<AuditEntry> takePending(Connection c) throws SQLException {
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
    return List.copyOf(byId.values());
  }

  private static void requireTransaction(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("audit entries are written inside a transaction");
    }
  }

  /** The last entry's position and hash; the retention mark's when retention removed all; else genesis. */
  static Tail tail(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            SELECT seq, hash FROM (
              (SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1)
              UNION ALL
              (SELECT through_seq, hash FROM audit_retention_mark ORDER BY through_seq DESC LIMIT 1)
            ) t ORDER BY seq DESC LIMIT 1""")) {
      return rs.next() ? new Tail(rs.getLong(1), rs.getBytes(2)) : new Tail(0, ChainLink.GENESIS);
    }
  }

  /** Rows of entry columns ({@link #bind} order), with {@code before} and {@code after} plain columns around. */
  private static String rows(int count, int before, int after) {
    String row = "(" + placeholders(before, after) + ")";
    return String.join(",", Collections.nCopies(count, row));
  }

  /**
   * An entry's bind placeholders: its three lists (roles, patients, entities) travel as one text each,
   * joined by {@link #LIST_SEPARATOR} and split by PostgreSQL, which costs far less than the driver's
   * array literals for an entry naming hundreds of resources.
   */
  private static String placeholders(int before, int after) {
    List<String> marks = new ArrayList<>(Collections.nCopies(before + ENTRY_COLUMN_COUNT + after, "?"));
    for (int i = 0; i < ENTRY_COLUMN_COUNT; i++) {
      // typed: in a VALUES list under a SELECT, untyped parameters would not take the columns' types
      marks.set(before + i, ENTRY_COLUMN_TYPES[i].equals("text[]") ? "string_to_array(?::text, chr(31))"
          : "?::" + ENTRY_COLUMN_TYPES[i]);
    }
    return String.join(",", marks);
  }

  private static void insert(Connection c, List<ChainLink> links) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_entry (" + COLUMNS + ") VALUES " + rows(links.size(), 1, 2))) {
      int p = 1;
      for (ChainLink link : links) {
        ps.setLong(p++, link.seq());
        p = bind(ps, p, link.entry());
        ps.setBytes(p++, link.prevHash());
        ps.setBytes(p++, link.hash());
      }
      ps.executeUpdate();
    }
  }

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

  /** Reads one row selected with {@link #COLUMNS}. */
  static ChainLink read(ResultSet rs) throws SQLException {
    return new ChainLink(rs.getLong("seq"), readEntry(rs), rs.getBytes("prev_hash"), rs.getBytes("hash"));
  }

  private static AuditEntry readEntry(ResultSet rs) throws SQLException {
    Actor who = new Actor(rs.getString("actor"), rs.getString("fhir_user"), Set.copyOf(strings(rs, "roles")),
        rs.getString("organization"), rs.getBoolean("actor_system"));
    return new AuditEntry(rs.getTimestamp("recorded").toInstant(), rs.getString("action"),
        rs.getString("outcome"), who, rs.getString("on_behalf_of"), strings(rs, "patients"),
        strings(rs, "entities"), rs.getString("purpose"), rs.getString("reason"), rs.getString("client_address"),
        rs.getString("user_agent"), rs.getString("request_id"));
  }

  private static List<String> strings(ResultSet rs, String column) throws SQLException {
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
