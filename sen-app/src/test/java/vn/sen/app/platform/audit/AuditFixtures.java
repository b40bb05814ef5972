package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import vn.sen.app.platform.audit.AuditContext.Actor;
import vn.sen.store.pg.TestDatabase;

/** A migrated test database and entry builders for the audit tests. */
final class AuditFixtures {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  static final Actor DOCTOR =
      new Actor("dr.lan", "Practitioner/p1", Set.of("doctor"), "Organization/o1", false);
  static final AuditContext DOCTOR_AT_WORK =
      new AuditContext(DOCTOR, null, "TREAT", null, "10.0.0.7", "Mozilla/5.0", "req-1", "read");

  private AuditFixtures() {}

  static TestDatabase migrated(Class<?> testClass) {
    TestDatabase db = TestDatabase.create(testClass);
    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().migrate();
    return db;
  }

  static AuditEntry read(Instant when, String patient, String entity) {
    return AuditEntry.of(DOCTOR_AT_WORK, when, "read", AuditEntry.SUCCESS, List.of(patient), List.of(entity), null);
  }

  static AuditEntry read(int i) {
    return read(T0.plusSeconds(i), "pat" + (i % 3), "Observation/o" + i + "/_history/1");
  }

  /** A trail whose sealer thread leaves sealing to {@link AuditTrail#flush}, so that blocks are as the test makes them. */
  static AuditTrail trail(TestDatabase db, boolean waitForFlush) {
    return new AuditTrail(db.dataSource(), java.time.Duration.ofSeconds(30), waitForFlush, java.time.Duration.ofHours(1));
  }

  /** Every entry, by position. */
  static List<AuditChain.Row> rows(TestDatabase db) throws SQLException {
    List<AuditChain.Row> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + AuditChain.ROW_COLUMNS + " FROM audit_entry ORDER BY seq")) {
      while (rs.next()) {
        rows.add(AuditChain.row(rs));
      }
    }
    return rows;
  }

  static List<AuditEntry> entries(TestDatabase db) throws SQLException {
    return rows(db).stream().map(AuditChain.Row::entry).toList();
  }

  static List<Long> seqs(TestDatabase db) throws SQLException {
    return rows(db).stream().map(AuditChain.Row::seq).toList();
  }

  /** Every seal, by block. */
  static List<AuditSeal> seals(TestDatabase db) throws SQLException {
    List<AuditSeal> seals = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + AuditSeal.COLUMNS + " FROM audit_seal ORDER BY block")) {
      while (rs.next()) {
        seals.add(AuditSeal.read(rs));
      }
    }
    return seals;
  }

  /** Stages entries in one committed transaction, as a write's commit hook does. */
  static void stage(TestDatabase db, AuditEntry... entries) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditChain.stage(c, List.of(entries));
      c.commit();
    }
  }

  /** Moves what has been staged onto the trail as one block, as the trail's writer does. */
  static AuditSealer.Position seal(TestDatabase db) throws SQLException {
    return seal(db, AuditSealer.MAX_BLOCK);
  }

  static AuditSealer.Position seal(TestDatabase db, int maxBlock) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditSealer.Position at = AuditSealer.pass(c, T0, true, maxBlock, true);
      c.commit();
      return java.util.Objects.requireNonNull(at);
    }
  }

  /**
   * Appends links of the per-entry chain as a version before V10 wrote them (numbered on from the last
   * link); returns them.
   */
  static List<ChainLink> linkBeforeV10(TestDatabase db, AuditEntry... entries) throws SQLException {
    return linkBeforeV10(db, true, entries);
  }

  /** @param migrated whether the schema is V10's (else V9's, without seals) */
  static List<ChainLink> linkBeforeV10(TestDatabase db, boolean migrated, AuditEntry... entries)
      throws SQLException {
    List<ChainLink> links = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditChain.Tail tail = migrated ? AuditChain.linkedTail(c) : new AuditChain.Tail(0, ChainLink.GENESIS);
      long seq = tail.seq();
      byte[] prev = tail.hash();
      for (AuditEntry e : entries) {
        seq++;
        ChainLink link = new ChainLink(seq, e, prev, ChainLink.hash(prev, e));
        try (var ps = c.prepareStatement("INSERT INTO audit_entry (" + AuditChain.LINK_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, ?, ?, ?)")) {
          int p = 1;
          ps.setLong(p++, seq);
          ps.setTimestamp(p++, java.sql.Timestamp.from(e.recorded()));
          ps.setString(p++, e.action());
          ps.setString(p++, e.outcome());
          ps.setString(p++, e.who().name());
          ps.setBoolean(p++, e.who().system());
          ps.setString(p++, e.who().fhirUser());
          ps.setArray(p++, c.createArrayOf("text", e.who().roles().stream().sorted().toArray()));
          ps.setString(p++, e.who().organization());
          ps.setString(p++, e.onBehalfOf());
          ps.setArray(p++, c.createArrayOf("text", e.patients().toArray()));
          ps.setArray(p++, c.createArrayOf("text", e.entities().toArray()));
          ps.setString(p++, e.purpose());
          ps.setString(p++, e.reason());
          ps.setString(p++, e.clientAddress());
          ps.setString(p++, e.userAgent());
          ps.setString(p++, e.requestId());
          ps.setBytes(p++, link.prevHash());
          ps.setBytes(p++, link.hash());
          ps.executeUpdate();
        }
        links.add(link);
        prev = link.hash();
      }
      c.commit();
    }
    return links;
  }

  static long pendingBeforeV10(TestDatabase db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_pending")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Removes every entry, bypassing the append-only trigger (as a database superuser could). */
  static void wipe(TestDatabase db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.execute("DELETE FROM audit_entry");
      s.execute("DELETE FROM audit_retention_mark");
      s.execute("DELETE FROM audit_pending");
      s.execute("DELETE FROM audit_seal");
      s.execute("DELETE FROM audit_seal_mark");
      s.execute("DELETE FROM audit_anchor");
      s.execute("DELETE FROM audit_journal");
      s.execute("SET session_replication_role = origin");
    }
  }

  /** Runs tampering SQL with the append-only trigger bypassed, as an insider with superuser rights would. */
  static void tamper(TestDatabase db, String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      for (String sql : statements) {
        s.execute(sql);
      }
      s.execute("SET session_replication_role = origin");
    }
  }
}
