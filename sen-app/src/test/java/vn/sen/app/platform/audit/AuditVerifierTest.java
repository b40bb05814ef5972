package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.platform.audit.AuditFixtures.read;
import static vn.sen.app.platform.audit.AuditFixtures.tamper;

import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.platform.audit.AuditVerifier.Anchor;
import vn.sen.app.platform.audit.AuditVerifier.Problem;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.store.pg.TestDatabase;

/** Tampering as an insider with superuser rights would do it (the append-only trigger bypassed). */
class AuditVerifierTest {
  static TestDatabase db;
  AuditVerifier verifier;
  /** Ten entries, each sealed in a block of its own (block i+1 holds entry i). */
  List<AuditChain.Row> rows;
  List<AuditSeal> seals;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditVerifierTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void tenEntriesInTenBlocks() throws SQLException {
    AuditFixtures.wipe(db);
    try (AuditTrail trail = AuditFixtures.trail(db, true)) {
      for (int i = 1; i <= 10; i++) {
        trail.record(read(i));
        trail.flush();
      }
    }
    verifier = new AuditVerifier(db.dataSource());
    rows = AuditFixtures.rows(db);
    seals = AuditFixtures.seals(db);
    assertThat(seals).hasSize(10);
  }

  @Test
  void anUntouchedTrailIsIntactAndAgreesWithItsAnchors() throws SQLException {
    Result result = verifier.verify(anchor(7));

    assertThat(result).isEqualTo(new Result.Intact(10, 10, "b10:" + seals.get(9).hashHex(), 0));
  }

  @Test
  void anAlteredEntryIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET actor = 'someone-else' WHERE seq = " + seq(4));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(4));
  }

  @Test
  void anAlteredTimeIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET recorded = recorded + interval '1 microsecond' WHERE seq = " + seq(9));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(9));
  }

  @Test
  void anEntryAlteredWithItsStoredHashRecomputedIsStillNamed() throws SQLException {
    AuditEntry forged = read(100);
    tamper(db, "UPDATE audit_entry SET entities = ARRAY['Observation/o100/_history/1'], recorded = '"
        + forged.recorded() + "', entity_keys = ARRAY['Observation/o100'], entry_hash = '\\x" + hex(forged.hash())
        + "' WHERE seq = " + seq(3));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(3));
  }

  @Test
  void entityKeysChangedToHideAnEntryFromSearchesAreFound() throws SQLException {
    tamper(db, "UPDATE audit_entry SET entity_keys = '{}' WHERE seq = " + seq(5));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(5));
  }

  @Test
  void aDeletedEntryIsNamed() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = " + seq(6));

    assertBroken(verifier.verify(null), Problem.DELETED, seq(6));
  }

  @Test
  void theLastEntryDeletedIsNamed() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = " + seq(10));

    assertBroken(verifier.verify(null), Problem.DELETED, seq(10));
  }

  @Test
  void aDeletedEntryIsNamedWhenTheOneAfterTookItsPlace() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = " + seq(6),
        "UPDATE audit_entry SET seq = " + seq(6) + " WHERE seq = " + seq(7));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(6));
  }

  @Test
  void anEntryAppendedAfterTheLastSealIsNamed() throws SQLException {
    tamper(db, "INSERT INTO audit_entry SELECT " + (seq(10) + 1) + ", recorded, action, outcome, 'forger',"
        + " actor_system, fhir_user, roles, organization, on_behalf_of, patients, entities, purpose, reason,"
        + " client_address, user_agent, request_id, prev_hash, hash, entry_hash, entity_keys"
        + " FROM audit_entry WHERE seq = " + seq(4));

    assertBroken(verifier.verify(null), Problem.INSERTED, seq(10) + 1);
  }

  @Test
  void anEntryPutInBetweenWithTheRestRenumberedIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET seq = -seq WHERE seq >= " + seq(5),
        "UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0",
        "INSERT INTO audit_entry SELECT " + seq(5) + ", recorded, action, outcome, 'forger',"
        + " actor_system, fhir_user, roles, organization, on_behalf_of, patients, entities, purpose, reason,"
        + " client_address, user_agent, request_id, prev_hash, hash, entry_hash, entity_keys"
        + " FROM audit_entry WHERE seq = " + seq(4));

    assertBroken(verifier.verify(null), Problem.ALTERED, seq(5));
  }

  @Test
  void aDeletedSealIsNamed() throws SQLException {
    tamper(db, "DELETE FROM audit_seal WHERE block = 4");

    assertBrokenBlock(verifier.verify(null), Problem.DELETED, 4);
  }

  @Test
  void anAlteredSealIsNamed() throws SQLException {
    // the seal of block 3 made to list entry 4's hash instead of entry 3's
    tamper(db, "UPDATE audit_seal SET entry_hashes = (SELECT entry_hashes FROM audit_seal WHERE block = 4)"
        + " WHERE block = 3");

    assertBrokenBlock(verifier.verify(null), Problem.ALTERED, 3);
  }

  @Test
  void aSealPutInBetweenIsNamed() throws SQLException {
    AuditSeal third = seals.get(2);
    AuditSeal forged = AuditSeal.after(seals.get(1).hash(), 3, third.sealed(), seq(3), read(3).hash());
    tamper(db, "UPDATE audit_seal SET block = -block WHERE block >= 3",
        "UPDATE audit_seal SET block = -block + 1 WHERE block < 0",
        "INSERT INTO audit_seal VALUES (3, '" + forged.sealed() + "', " + seq(3) + ", " + seq(3)
            + ", '\\x" + hex(forged.entryHashes()) + "', '\\x" + hex(forged.prevHash()) + "', '\\x"
            + hex(forged.hash()) + "')");

    assertThat(verifier.verify(null)).isInstanceOf(Result.Broken.class);
  }

  @Test
  void aTruncatedTailIsFoundAgainstAnAnchor() throws SQLException {
    Anchor published = anchor(10);
    tamper(db, "DELETE FROM audit_entry WHERE seq >= " + seq(8), "DELETE FROM audit_seal WHERE block >= 8");

    assertThat(verifier.verify(null)).isInstanceOf(Result.Intact.class);
    assertBrokenBlock(verifier.verify(published), Problem.DELETED, 8);
  }

  @Test
  void aChainRewrittenWithRecomputedSealsIsFoundAgainstAnAnchor() throws SQLException {
    Anchor published = anchor(3);
    // the insider removes entry 3 and everything after, and writes the rest again, sealed anew
    List<AuditEntry> after = rows.subList(3, 10).stream().map(AuditChain.Row::entry).toList();
    tamper(db, "DELETE FROM audit_entry WHERE seq >= " + seq(3), "DELETE FROM audit_seal WHERE block >= 3");
    AuditFixtures.stage(db, after.toArray(AuditEntry[]::new));
    AuditFixtures.seal(db);

    assertThat(verifier.verify(null)).isInstanceOf(Result.Intact.class);
    assertBrokenBlock(verifier.verify(published), Problem.ALTERED, 3);
  }

  @Test
  void everySignedAnchorIsCheckedAndTwoThatDisagreeAreReported() throws SQLException {
    assertThat(verifier.verify(null, List.of(anchor(2), anchor(6), anchor(10)))).isInstanceOf(Result.Intact.class);

    Anchor wrong = new Anchor(6, 0, seals.get(0).hash());
    assertBrokenBlock(verifier.verify(null, List.of(anchor(2), wrong)), Problem.ALTERED, 6);
    assertBrokenBlock(verifier.verify(anchor(6), List.of(wrong)), Problem.ALTERED, 6);
    tamper(db, "DELETE FROM audit_entry WHERE seq >= " + seq(9), "DELETE FROM audit_seal WHERE block >= 9");
    assertBrokenBlock(verifier.verify(anchor(2), List.of(anchor(6), anchor(10))), Problem.DELETED, 9);
  }

  @Test
  void linksChainedBeforeSealedBlocksAreStillVerifiedAndTheFirstSealFollowsThem() throws SQLException {
    AuditFixtures.wipe(db);
    List<ChainLink> links = AuditFixtures.linkBeforeV10(db, read(1), read(2), read(3));
    AuditFixtures.stage(db, read(4));
    AuditFixtures.seal(db);
    Anchor linkAnchor = new Anchor(0, links.get(1).seq(), links.get(1).hash());

    assertThat(AuditFixtures.seals(db).getFirst().prevHash()).isEqualTo(links.get(2).hash());
    assertThat(verifier.verify(linkAnchor)).isInstanceOfSatisfying(Result.Intact.class,
        r -> assertThat(r.entries()).isEqualTo(4));
    tamper(db, "UPDATE audit_entry SET actor = 'someone-else' WHERE seq = " + links.get(1).seq());
    assertBroken(verifier.verify(null), Problem.ALTERED, links.get(1).seq());
  }

  @Test
  void anchorsAreParsedStrictly() {
    assertThat(Anchor.parse("b12:" + "ab".repeat(32))).get().extracting(Anchor::block).isEqualTo(12L);
    assertThat(Anchor.parse("12:" + "ab".repeat(32))).get().extracting(Anchor::seq).isEqualTo(12L);
    assertThat(Anchor.parse("b12:" + "ab".repeat(31))).isEmpty();
    assertThat(Anchor.parse("x:" + "ab".repeat(32))).isEmpty();
    assertThat(Anchor.parse("b0:" + "ab".repeat(32))).isEmpty();
    assertThat(Anchor.parse("0:" + "ab".repeat(32))).isEmpty();
    assertThat(Anchor.parse("b12")).isEmpty();
    assertThat(Anchor.parse("b:" + "ab".repeat(32))).isEmpty();
  }

  /** The position of the {@code n}th entry (from 1). */
  private long seq(int n) {
    return rows.get(n - 1).seq();
  }

  private Anchor anchor(int block) {
    return new Anchor(block, 0, seals.get(block - 1).hash());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static void assertBroken(Result result, Problem problem, long seq) {
    assertThat(result).isInstanceOfSatisfying(Result.Broken.class, b -> {
      assertThat(b.problem()).as(b.detail()).isEqualTo(problem);
      assertThat(b.seq()).as(b.detail()).isEqualTo(seq);
    });
  }

  private static void assertBrokenBlock(Result result, Problem problem, long block) {
    assertThat(result).isInstanceOfSatisfying(Result.Broken.class, b -> {
      assertThat(b.problem()).as(b.detail()).isEqualTo(problem);
      assertThat(b.block()).as(b.detail()).isEqualTo(block);
    });
  }
}
