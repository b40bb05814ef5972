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

  static List<ChainLink> links(TestDatabase db) throws SQLException {
    List<ChainLink> links = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + AuditChain.COLUMNS + " FROM audit_entry ORDER BY seq")) {
      while (rs.next()) {
        links.add(AuditChain.read(rs));
      }
    }
    return links;
  }

  static long pending(TestDatabase db) throws SQLException {
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
