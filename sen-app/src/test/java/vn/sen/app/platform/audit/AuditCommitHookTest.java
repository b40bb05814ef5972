package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.store.pg.CommitHook.Change;
import vn.sen.store.pg.CommitHook.Kind;
import vn.sen.store.pg.TestDatabase;

class AuditCommitHookTest {
  static TestDatabase db;
  AuditTrail trail;
  CurrentAuditContext current = new CurrentAuditContext();
  AuditCommitHook hook;

  @BeforeAll
  static void database() throws SQLException {
    db = AuditFixtures.migrated(AuditCommitHookTest.class);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE clinical_write (id text)");
    }
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyTrail() throws SQLException {
    AuditFixtures.wipe(db);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM clinical_write");
    }
    trail = AuditFixtures.trail(db, true);
    hook = new AuditCommitHook(trail, current, Clock.fixed(AuditFixtures.T0, ZoneOffset.UTC));
  }

  @AfterEach
  void closeTrail() {
    trail.close();
  }

  @Test
  void theEntryCommitsWithTheWriteAndNamesWhoWhatAndWhichPatient() throws SQLException {
    try (CurrentAuditContext.Scope request = current.bind(AuditFixtures.DOCTOR_AT_WORK)) {
      writeAndAudit(true, new Change(Kind.CREATE, "Observation", "o1", 1, "pat1"),
          new Change(Kind.CREATE, "Patient", "pat2", 1, null),
          new Change(Kind.UPDATE, "Condition", "c1", 3, "pat1"));
    }

    List<AuditEntry> entries = AuditFixtures.entries(db);
    assertThat(entries).hasSize(2);
    AuditEntry created = entries.get(0);
    assertThat(created.action()).isEqualTo("create");
    assertThat(created.entities()).containsExactly("Observation/o1/_history/1", "Patient/pat2/_history/1");
    assertThat(created.patients()).containsExactly("pat1", "pat2");
    assertThat(created.who()).isEqualTo(AuditFixtures.DOCTOR);
    assertThat(created.clientAddress()).isEqualTo("10.0.0.7");
    assertThat(created.purpose()).isEqualTo("TREAT");
    assertThat(created.recorded()).isEqualTo(AuditFixtures.T0);
    assertThat(entries.get(1).action()).isEqualTo("update");
    assertThat(entries.get(1).entities()).containsExactly("Condition/c1/_history/3");
    assertThat(writes()).isEqualTo(1);
  }

  @Test
  void aRolledBackWriteLeavesNoEntryAndTheTrailStillVerifies() throws SQLException {
    writeAndAudit(false, new Change(Kind.DELETE, "Observation", "o1", 2, "pat1"));
    assertThat(AuditFixtures.rows(db)).isEmpty();
    assertThat(writes()).isZero();

    writeAndAudit(true, new Change(Kind.DELETE, "Observation", "o1", 2, "pat1"));
    trail.record(AuditFixtures.read(1));
    trail.flush();

    assertThat(AuditFixtures.entries(db)).extracting(AuditEntry::action).containsExactly("delete", "read");
    assertThat(new AuditVerifier(db.dataSource()).verify(null)).isInstanceOfSatisfying(Result.Intact.class,
        r -> assertThat(r.entries()).isEqualTo(2));
  }

  @Test
  void writesWithoutARequestAreSensOwn() throws SQLException {
    writeAndAudit(true, new Change(Kind.CREATE, "Flag", "f1", 1, "pat1"));

    AuditEntry entry = AuditFixtures.entries(db).get(0);
    assertThat(entry.who().system()).isTrue();
    assertThat(entry.who().name()).isEqualTo("sen");
  }

  @Test
  void aUnitOfWorkThatWroteNothingIsNotAudited() throws SQLException {
    writeAndAudit(true);

    assertThat(AuditFixtures.rows(db)).isEmpty();
  }

  @Test
  void aFailedAuditWriteFailsTheUnitOfWork() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO clinical_write VALUES ('o9')");
        // the audit table is gone for this transaction: the append fails, and the store rolls back
        s.execute("ALTER TABLE audit_pending RENAME TO audit_pending_moved");
      }
      assertThatThrownBy(() -> hook.beforeCommit(c, List.of(new Change(Kind.CREATE, "Observation", "o9", 1, null))))
          .isInstanceOf(SQLException.class);
      c.rollback();
    }
    trail.flush();
    assertThat(writes()).isZero();
    assertThat(AuditFixtures.rows(db)).isEmpty();
  }

  private void writeAndAudit(boolean commit, Change... changes) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      if (changes.length > 0) {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO clinical_write VALUES ('" + changes[0].id() + "')");
        }
      }
      hook.beforeCommit(c, List.of(changes));
      if (commit) {
        c.commit();
      } else {
        c.rollback();
      }
    }
    trail.flush();
  }

  private static long writes() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM clinical_write")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
