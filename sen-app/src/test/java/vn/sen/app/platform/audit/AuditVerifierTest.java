package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.platform.audit.AuditFixtures.read;
import static vn.sen.app.platform.audit.AuditFixtures.tamper;

import java.sql.SQLException;
import java.time.Duration;
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
  List<ChainLink> chain;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditVerifierTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void tenEntries() throws SQLException {
    AuditFixtures.wipe(db);
    try (AuditTrail trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30))) {
      for (int i = 1; i <= 10; i++) {
        trail.record(read(i));
      }
    }
    verifier = new AuditVerifier(db.dataSource());
    chain = AuditFixtures.links(db);
  }

  @Test
  void anUntouchedChainIsIntactAndAgreesWithItsAnchors() throws SQLException {
    Result result = verifier.verify(anchor(7));

    assertThat(result).isEqualTo(new Result.Intact(10, 1, 10, chain.get(9).hashHex(), 0));
  }

  @Test
  void anAlteredEntryIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 4");

    assertBroken(verifier.verify(null), Problem.ALTERED, 4);
  }

  @Test
  void anAlteredTimeIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET recorded = recorded + interval '1 microsecond' WHERE seq = 9");

    assertBroken(verifier.verify(null), Problem.ALTERED, 9);
  }

  @Test
  void aDeletedEntryIsNamed() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = 6");

    assertBroken(verifier.verify(null), Problem.DELETED, 6);
  }

  @Test
  void aDeletedEntryIsNamedWhenTheRestWereRenumbered() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = 6",
        "UPDATE audit_entry SET seq = -seq WHERE seq > 6",
        "UPDATE audit_entry SET seq = -seq - 1 WHERE seq < 0");

    assertBroken(verifier.verify(null), Problem.DELETED, 6);
  }

  @Test
  void aDeletedFirstEntryIsNamed() throws SQLException {
    tamper(db, "DELETE FROM audit_entry WHERE seq = 1");

    assertBroken(verifier.verify(null), Problem.DELETED, 1);
  }

  @Test
  void anEntryInsertedInTheMiddleIsNamed() throws SQLException {
    tamper(db, "UPDATE audit_entry SET seq = -seq WHERE seq >= 5",
        "UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0",
        "INSERT INTO audit_entry SELECT 5, recorded, action, outcome, 'forger', actor_system, fhir_user, roles,"
            + " organization, on_behalf_of, patients, entities, purpose, reason, client_address, user_agent,"
            + " request_id, prev_hash, sha256(hash) FROM audit_entry WHERE seq = 4");

    assertBroken(verifier.verify(null), Problem.INSERTED, 5);
  }

  @Test
  void anEntryInsertedWithACorrectlyComputedHashIsStillNamed() throws SQLException {
    AuditEntry forged = read(100);
    byte[] hash = ChainLink.hash(chain.get(3).hash(), forged);
    tamper(db, "UPDATE audit_entry SET seq = -seq WHERE seq >= 5",
        "UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0",
        "INSERT INTO audit_entry SELECT 5, '" + forged.recorded() + "'::timestamptz, action, outcome, actor, actor_system,"
            + " fhir_user, roles, organization, on_behalf_of, patients, ARRAY['Observation/o100/_history/1'],"
            + " purpose, reason, client_address, user_agent, request_id, hash, '\\x" + hex(hash) + "'::bytea"
            + " FROM audit_entry WHERE seq = 4");

    assertBroken(verifier.verify(null), Problem.INSERTED, 5);
  }

  @Test
  void anEntryAppendedAfterTheTailIsNamed() throws SQLException {
    tamper(db, "INSERT INTO audit_entry SELECT 11, recorded, action, outcome, 'forger', actor_system, fhir_user,"
        + " roles, organization, on_behalf_of, patients, entities, purpose, reason, client_address, user_agent,"
        + " request_id, sha256(prev_hash), sha256(hash) FROM audit_entry WHERE seq = 10");

    assertBroken(verifier.verify(null), Problem.INSERTED, 11);
  }

  @Test
  void aTruncatedTailIsFoundAgainstAnAnchor() throws SQLException {
    Anchor published = anchor(10);
    tamper(db, "DELETE FROM audit_entry WHERE seq >= 8");

    assertThat(verifier.verify(null)).isInstanceOf(Result.Intact.class);
    assertBroken(verifier.verify(published), Problem.DELETED, 8);
  }

  @Test
  void aChainRewrittenWithRecomputedHashesIsFoundAgainstAnAnchor() throws SQLException {
    Anchor published = anchor(9);
    // the insider rewrites entry 3 and recomputes every hash after it
    AuditEntry forged = read(300);
    tamper(db, "DELETE FROM audit_entry WHERE seq >= 3");
    try (var c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditChain.append(c, List.of(forged));
      for (int i = 3; i < 10; i++) {
        AuditChain.append(c, List.of(chain.get(i).entry()));
      }
      c.commit();
    }

    assertThat(verifier.verify(null)).isInstanceOf(Result.Intact.class);
    assertBroken(verifier.verify(published), Problem.ALTERED, 9);
  }

  @Test
  void anchorsAreParsedStrictly() {
    assertThat(Anchor.parse("12:" + "ab".repeat(32))).isPresent();
    assertThat(Anchor.parse("12:" + "ab".repeat(31))).isEmpty();
    assertThat(Anchor.parse("x:" + "ab".repeat(32))).isEmpty();
    assertThat(Anchor.parse("0:" + "ab".repeat(32))).isEmpty();
    assertThat(Anchor.parse("12")).isEmpty();
  }

  private Anchor anchor(int seq) {
    return new Anchor(seq, chain.get(seq - 1).hash());
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
}
