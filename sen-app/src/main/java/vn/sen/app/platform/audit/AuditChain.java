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
import java.util.List;
import java.util.Set;
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

  static final String COLUMNS = """
      seq, recorded, action, outcome, actor, actor_system, fhir_user, roles, organization, on_behalf_of,
      patients, entities, purpose, reason, client_address, user_agent, request_id, prev_hash, hash""";
  private static final int COLUMN_COUNT = 19;
  private static final String INSERT = "INSERT INTO audit_entry (" + COLUMNS + ") VALUES ";
  private static final String ROW = "(" + String.join(",", java.util.Collections.nCopies(COLUMN_COUNT, "?")) + ")";

  private AuditChain() {}

  /**
   * Appends entries at the tail in the connection's transaction, which must be open (auto-commit off)
   * and READ COMMITTED, so that the tail read after taking the lock is the last committed one. The lock
   * is held until that transaction commits or rolls back.
   */
  static List<ChainLink> append(Connection c, List<AuditEntry> entries) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("audit entries are appended inside a transaction");
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CHAIN_LOCK);
      lock.execute();
    }
    Tail tail = tail(c);
    List<ChainLink> links = new ArrayList<>(entries.size());
    long seq = tail.seq();
    byte[] prev = tail.hash();
    for (AuditEntry e : entries) {
      ChainLink link = ChainLink.after(seq, prev, e);
      links.add(link);
      seq = link.seq();
      prev = link.hash();
    }
    insert(c, links);
    return links;
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

  private static void insert(Connection c, List<ChainLink> links) throws SQLException {
    StringBuilder sql = new StringBuilder(INSERT);
    for (int i = 0; i < links.size(); i++) {
      sql.append(i == 0 ? "" : ",").append(ROW);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (ChainLink link : links) {
        AuditEntry e = link.entry();
        ps.setLong(p++, link.seq());
        ps.setTimestamp(p++, Timestamp.from(e.recorded()));
        ps.setString(p++, e.action());
        ps.setString(p++, e.outcome());
        ps.setString(p++, e.who().name());
        ps.setBoolean(p++, e.who().system());
        ps.setString(p++, e.who().fhirUser());
        ps.setArray(p++, text(c, e.who().roles().stream().sorted().toList()));
        ps.setString(p++, e.who().organization());
        ps.setString(p++, e.onBehalfOf());
        ps.setArray(p++, text(c, e.patients()));
        ps.setArray(p++, text(c, e.entities()));
        ps.setString(p++, e.purpose());
        ps.setString(p++, e.reason());
        ps.setString(p++, e.clientAddress());
        ps.setString(p++, e.userAgent());
        ps.setString(p++, e.requestId());
        ps.setBytes(p++, link.prevHash());
        ps.setBytes(p++, link.hash());
      }
      ps.executeUpdate();
    }
  }

  private static Array text(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  /** Reads one row selected with {@link #COLUMNS}. */
  static ChainLink read(ResultSet rs) throws SQLException {
    Actor who = new Actor(rs.getString("actor"), rs.getString("fhir_user"), Set.copyOf(strings(rs, "roles")),
        rs.getString("organization"), rs.getBoolean("actor_system"));
    AuditEntry entry = new AuditEntry(rs.getTimestamp("recorded").toInstant(), rs.getString("action"),
        rs.getString("outcome"), who, rs.getString("on_behalf_of"), strings(rs, "patients"),
        strings(rs, "entities"), rs.getString("purpose"), rs.getString("reason"), rs.getString("client_address"),
        rs.getString("user_agent"), rs.getString("request_id"));
    return new ChainLink(rs.getLong("seq"), entry, rs.getBytes("prev_hash"), rs.getBytes("hash"));
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
