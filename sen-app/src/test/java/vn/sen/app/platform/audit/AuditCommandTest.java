package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.store.pg.TestDatabase;

class AuditCommandTest {
  static TestDatabase db;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  String lastHash;
  List<Long> seqs;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditCommandTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void threeEntries() throws SQLException {
    AuditFixtures.wipe(db);
    try (AuditTrail trail = AuditFixtures.trail(db, true)) {
      for (int i = 1; i <= 3; i++) {
        trail.record(AuditFixtures.read(i));
        trail.flush();
      }
    }
    seqs = AuditFixtures.seqs(db);
    lastHash = AuditFixtures.seals(db).get(2).hashHex();
  }

  @Test
  void anIntactTrailExitsZeroAndPrintsTheAnchorToPublish() {
    assertThat(run("verify")).isEqualTo(0);
    assertThat(out()).contains("intact: 3 entries checked (3 sealed blocks)").contains("b3:" + lastHash);

    assertThat(run("verify", "--anchor", "b3:" + lastHash)).isEqualTo(0);
  }

  @Test
  void aBrokenTrailExitsOneAndNamesTheEntry() throws SQLException {
    AuditFixtures.tamper(db, "UPDATE audit_entry SET patients = '{}' WHERE seq = " + seqs.get(1));

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("BROKEN at entry " + seqs.get(1) + " (block 2): altered");
  }

  @Test
  void aTruncatedTailExitsOneAgainstTheAnchor() throws SQLException {
    AuditFixtures.tamper(db, "DELETE FROM audit_entry WHERE seq = " + seqs.get(2), "DELETE FROM audit_seal WHERE block = 3");

    assertThat(run("verify")).isEqualTo(0);
    assertThat(run("verify", "--anchor", "b3:" + lastHash)).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 3: deleted");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("check")).isEqualTo(2);
    assertThat(run("verify", "--anchor")).isEqualTo(2);
    assertThat(run("verify", "--anchor", "3:beef")).isEqualTo(2);
    assertThat(run("verify", "--fast")).isEqualTo(2);
    assertThat(err()).contains("usage: sen audit verify");
  }

  @Test
  void anUnreachableDatabaseExitsTwo() {
    AuditCommand command = new AuditCommand(() -> {
      throw new IllegalStateException("cannot connect to PostgreSQL: refused");
    });

    assertThat(command.run(List.of("verify"), print(out), print(err))).isEqualTo(2);
    assertThat(err()).contains("cannot connect");
  }

  @Test
  void verifiesTheConfiguredDatabaseAsServeWouldOpenIt() {
    System.setProperty("sen.database.url", db.jdbcUrl());
    System.setProperty("sen.database.user", db.user());
    System.setProperty("sen.database.password", db.password());
    try {
      assertThat(new AuditCommand().run(List.of("verify"), print(out), print(err))).as(err()).isEqualTo(0);
      assertThat(out()).contains("intact: 3 entries");
    } finally {
      System.clearProperty("sen.database.url");
      System.clearProperty("sen.database.user");
      System.clearProperty("sen.database.password");
    }
  }

  private int run(String... args) {
    DataSource dataSource = db.dataSource();
    AuditCommand command = new AuditCommand(() -> new AuditCommand.Opened() {
      @Override
      public DataSource dataSource() {
        return dataSource;
      }

      @Override
      public void close() {}
    });
    return command.run(List.of(args), print(out), print(err));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
