package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sen.store.pg.TestDatabase;

class AuditCommandTest {
  static TestDatabase db;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path keys;
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
    cutTheLastBlock();

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
    assertThat(run("verify", "--anchors", "/no/such/anchors.log")).isEqualTo(2);
    assertThat(run("anchor", "now")).isEqualTo(2);
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

  @Test
  void anchorSignsTheLastSealOnceAndVerifyChecksIt() throws IOException {
    assertThat(run("anchor")).as(err()).isEqualTo(0);
    assertThat(out()).contains("Signed anchor: b3:" + lastHash);
    assertThat(Files.readAllLines(keys.resolve("audit-anchors.log"))).singleElement().asString()
        .startsWith("b3:" + lastHash + " ");
    assertThat(keys.resolve("audit-anchor-key.pem.pub.pem")).content().contains("BEGIN PUBLIC KEY")
        .doesNotContain("PRIVATE");

    assertThat(run("anchor")).isEqualTo(0);
    assertThat(out()).contains("Nothing new to anchor");
    assertThat(run("verify")).isEqualTo(0);
    // the row in the database and the line of the log are the same anchor
    assertThat(out()).contains("Signed anchors: 1 checked with key ").contains("(block 3)");
  }

  @Test
  void aTruncatedTailIsFoundByASignedAnchorWithoutOneGivenByHand() throws SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    cutTheLastBlock();

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 3: deleted");
  }

  @Test
  void aChainRewrittenWithRecomputedSealsIsFoundByASignedAnchor() throws SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    List<AuditEntry> after = AuditFixtures.rows(db).subList(1, 3).stream().map(AuditChain.Row::entry).toList();
    AuditFixtures.tamper(db, "DELETE FROM audit_entry WHERE seq >= " + seqs.get(1),
        "DELETE FROM audit_seal WHERE block >= 2");
    AuditFixtures.stage(db, after.getFirst());
    AuditFixtures.seal(db);
    AuditFixtures.stage(db, AuditFixtures.read(99));
    AuditFixtures.seal(db);

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 3: altered").contains("differs from the anchor");
    // nor will Sen sign the rewritten trail
    assertThat(run("anchor")).isEqualTo(1);
    assertThat(out()).contains("no longer has the anchored hash");
  }

  @Test
  void theAnchorLogStillCatchesATruncationWhenTheAnchorRowsAreDeletedToo() throws SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    cutTheLastBlock("DELETE FROM audit_anchor");

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 3: deleted");
  }

  @Test
  void senDoesNotSignATruncatedTrailEvenWhenItsAnchorRowsWereDeleted() throws SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    cutTheLastBlock("DELETE FROM audit_anchor");

    assertThat(run("anchor")).isEqualTo(1);
    assertThat(out()).contains("the seals end at block 2 but this key anchored block 3");
  }

  @Test
  void anAnchorRowWithoutAValidSignatureIsReportedAsForged() throws SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    AnchorKey key = anchorKey();
    // an insider writes an anchor for a block of their choosing under Sen's key id, without the key
    AuditFixtures.tamper(db, "INSERT INTO audit_anchor (block, hash, made_at, key_id, signature) VALUES (2, '\\x"
        + "00".repeat(32) + "', now(), '" + key.id() + "', '\\x" + "11".repeat(64) + "')");

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 2: altered").contains("it was not made by Sen");
  }

  @Test
  void anchorsOfAnotherKeyAreCountedButNotTrusted(@TempDir Path elsewhere) throws IOException {
    assertThat(run("anchor")).isEqualTo(0);
    AnchorKey.loadOrCreate(elsewhere.resolve("other.pem"));

    assertThat(run("verify", "--public-key", elsewhere.resolve("other.pem.pub.pem").toString())).isEqualTo(0);
    assertThat(out()).contains("1 signed anchors of other keys not checked");
  }

  @Test
  void anAnchorLogGivenOnTheCommandLineIsChecked(@TempDir Path elsewhere) throws IOException, SQLException {
    assertThat(run("anchor")).isEqualTo(0);
    Path copy = elsewhere.resolve("anchors-kept-by-the-dpo.log");
    Files.copy(keys.resolve("audit-anchors.log"), copy);
    Files.delete(keys.resolve("audit-anchors.log"));
    cutTheLastBlock("DELETE FROM audit_anchor");

    assertThat(run("verify")).isEqualTo(0);
    assertThat(run("verify", "--anchors", copy.toString())).isEqualTo(1);
    assertThat(out()).contains("BROKEN at block 3: deleted");
  }

  /** Deletes the last entry and its seal (after {@code first}), as an insider with superuser rights would. */
  private void cutTheLastBlock(String... first) throws SQLException {
    List<String> statements = new java.util.ArrayList<>(List.of(first));
    statements.add("DELETE FROM audit_entry WHERE seq = " + seqs.get(2));
    statements.add("DELETE FROM audit_seal WHERE block = 3");
    AuditFixtures.tamper(db, statements.toArray(String[]::new));
  }

  private AnchorKey anchorKey() {
    try {
      return AnchorKey.read(keys.resolve("audit-anchor-key.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      public Path anchorKeyFile() {
        return keys.resolve("audit-anchor-key.pem");
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
