package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
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
  void oldEntriesOfRecordsNoLongerHeldGoAndTheRestStillVerifies() throws SQLException {
    Instant old = NOW.minus(Duration.ofDays(365 * 11));
    append(entry(old, "gone1"), entry(old.plusSeconds(1), "gone2"), entry(old.plusSeconds(2), "held"),
        entry(old.plusSeconds(3), "gone1"), entry(NOW.minus(Duration.ofDays(30)), "gone2"));
    AuditRetention retention = new AuditRetention(db.dataSource(), Period.ofYears(10),
        Set.of("held")::contains, CLOCK);

    long removed = retention.prune();

    assertThat(removed).isEqualTo(2);
    assertThat(AuditFixtures.links(db)).extracting(ChainLink::seq).containsExactly(3L, 4L, 5L);
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.firstSeq()).isEqualTo(3));
    // the chain goes on from where it was
    try (AuditTrail trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30))) {
      trail.record(entry(NOW, "new"));
    }
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.lastSeq()).isEqualTo(6));
  }

  @Test
  void nothingYoungerThanTheRetentionGoes() throws SQLException {
    append(entry(NOW.minus(Duration.ofDays(365 * 9)), "gone1"));

    assertThat(new AuditRetention(db.dataSource(), Period.ofYears(10), id -> false, CLOCK).prune()).isZero();
    assertThat(AuditFixtures.links(db)).hasSize(1);
  }

  private static AuditEntry entry(Instant when, String patient) {
    return AuditFixtures.read(when, patient, "Patient/" + patient + "/_history/1");
  }

  private static void append(AuditEntry... entries) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditChain.append(c, List.of(entries));
      c.commit();
    }
  }
}
