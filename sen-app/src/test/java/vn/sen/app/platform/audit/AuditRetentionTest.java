package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.store.pg.TestDatabase;

class AuditRetentionTest {
  static final Instant NOW = Instant.parse("2040-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static TestDatabase db;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditRetentionTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyTrail() throws SQLException {
    AuditFixtures.wipe(db);
  }

  @Test
  void aRetentionShorterThanTheRecordsIsRefused() {
    assertThatThrownBy(() -> new AuditRetention(db.dataSource(), Period.ofYears(5), id -> false, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the P10Y");
    assertThatThrownBy(() -> new AuditRetention(db.dataSource(), Period.parse("P9Y11M30D"), id -> false, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oldEntriesOfRecordsNoLongerHeldGoBlockByBlockAndTheRestStillVerifies() throws SQLException {
    Instant old = NOW.minus(Duration.ofDays(365 * 11));
    // blocks: [gone1, gone2] [gone1] [held] [gone1] [recent]
    sealed(entry(old, "gone1"), entry(old.plusSeconds(1), "gone2"));
    sealed(entry(old.plusSeconds(2), "gone1"));
    sealed(entry(old.plusSeconds(3), "held"));
    sealed(entry(old.plusSeconds(4), "gone1"));
    sealed(entry(NOW.minus(Duration.ofDays(30)), "gone2"));
    AuditRetention retention = new AuditRetention(db.dataSource(), Period.ofYears(10),
        Set.of("held")::contains, CLOCK);

    long removed = retention.prune();

    assertThat(removed).isEqualTo(3);
    assertThat(AuditFixtures.entries(db)).extracting(e -> e.patients().getFirst())
        .containsExactly("held", "gone1", "gone2");
    assertThat(AuditFixtures.seals(db)).extracting(AuditSeal::block).containsExactly(3L, 4L, 5L);
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(3));
    // the chain goes on from where it was
    try (AuditTrail trail = AuditFixtures.trail(db, true)) {
      trail.record(entry(NOW, "new"));
      trail.flush();
    }
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(4);
          assertThat(r.anchor()).startsWith("b6:");
        });
  }

  @Test
  void whenEveryBlockGoesTheSealerGoesOnFromTheMark() throws SQLException {
    Instant old = NOW.minus(Duration.ofDays(365 * 11));
    sealed(entry(old, "gone1"));
    sealed(entry(old.plusSeconds(1), "gone2"));

    assertThat(new AuditRetention(db.dataSource(), Period.ofYears(10), id -> false, CLOCK).prune()).isEqualTo(2);
    assertThat(AuditFixtures.rows(db)).isEmpty();
    sealed(entry(NOW, "new"));

    assertThat(AuditFixtures.seals(db)).extracting(AuditSeal::block).containsExactly(3L);
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(1));
  }

  @Test
  void linksChainedBeforeSealedBlocksGoFirst() throws SQLException {
    Instant old = NOW.minus(Duration.ofDays(365 * 11));
    AuditFixtures.linkBeforeV10(db, entry(old, "gone1"), entry(old.plusSeconds(1), "gone2"));
    sealed(entry(old.plusSeconds(2), "gone1"));
    sealed(entry(NOW, "gone2"));

    assertThat(new AuditRetention(db.dataSource(), Period.ofYears(10), id -> false, CLOCK).prune()).isEqualTo(3);
    assertThat(AuditFixtures.entries(db)).extracting(AuditEntry::recorded).containsExactly(NOW);
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(1));
  }

  @Test
  void nothingYoungerThanTheRetentionGoes() throws SQLException {
    sealed(entry(NOW.minus(Duration.ofDays(365 * 9)), "gone1"));

    assertThat(new AuditRetention(db.dataSource(), Period.ofYears(10), id -> false, CLOCK).prune()).isZero();
    assertThat(AuditFixtures.rows(db)).hasSize(1);
  }

  private static AuditEntry entry(Instant when, String patient) {
    return AuditFixtures.read(when, patient, "Patient/" + patient + "/_history/1");
  }

  /** The entries, staged in one transaction and sealed in a block of their own. */
  private static void sealed(AuditEntry... entries) throws SQLException {
    AuditFixtures.stage(db, entries);
    AuditFixtures.seal(db);
  }
}
