package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static vn.sen.app.platform.audit.AuditFixtures.read;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.store.pg.TestDatabase;

class AuditTrailTest {
  static TestDatabase db;
  AuditTrail trail;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditTrailTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyTrail() throws SQLException {
    AuditFixtures.wipe(db);
    trail = AuditFixtures.trail(db, true);
  }

  @AfterEach
  void closeTrail() {
    trail.close();
  }

  @Test
  void recordedEntriesAreSealedInBlocksLinkedFromGenesis() throws SQLException {
    for (int i = 0; i < 5; i++) {
      trail.record(read(i));
    }
    trail.flush();
    trail.record(read(5));
    trail.flush();

    List<AuditChain.Row> rows = AuditFixtures.rows(db);
    assertThat(rows).extracting(AuditChain.Row::entry).containsExactly(read(0), read(1), read(2), read(3), read(4),
        read(5));
    List<AuditSeal> seals = AuditFixtures.seals(db);
    assertThat(seals).extracting(AuditSeal::block).containsExactly(1L, 2L);
    assertThat(seals.get(0).prevHash()).isEqualTo(ChainLink.GENESIS);
    assertThat(seals.get(1).prevHash()).isEqualTo(seals.get(0).hash());
    assertThat(seals).allMatch(AuditSeal::selfConsistent);
    assertThat(rows).extracting(AuditChain.Row::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(seals).extracting(AuditSeal::firstSeq, AuditSeal::lastSeq)
        .containsExactly(tuple(1L, 5L), tuple(6L, 6L));
    assertThat(seals.get(1).entryHash(6)).isEqualTo(read(5).hash());
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isEqualTo(new Result.Intact(6, 2, "b2:" + seals.get(1).hashHex(), 0));
  }

  @Test
  void concurrentRecordsAreInsertedTogetherInOneStatement() throws Exception {
    int callers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<?>> done = new ArrayList<>();
    try (Connection blocker = db.dataSource().getConnection(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      // the first staging INSERT waits for this lock while holding the trail's staging lock; the others queue
      s.execute("LOCK TABLE audit_pending IN SHARE MODE");
      for (int i = 0; i < callers; i++) {
        int n = i;
        done.add(pool.submit(() -> trail.record(read(n))));
      }
      // every caller has handed its entry over: the first group (whichever entries its caller found queued)
      // is blocked by the lock, the rest wait in the queue. (Waiting for callers - 1 queued entries instead
      // hung whenever the first caller found two or more entries queued.)
      while (trail.handedOver() < callers) {
        Thread.sleep(5);
      }
      blocker.rollback();
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertThat(transactionsStaging()).as("commits for %d entries", callers).isLessThanOrEqualTo(2);
    trail.flush();
    assertThat(AuditFixtures.seqs(db)).hasSize(callers).doesNotHaveDuplicates();
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(callers));
  }

  @Test
  void recordsAndTransactionalAppendsFromManyThreadsAreAllSealedIntact() throws Exception {
    int threads = 8;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      boolean transactional = t % 2 == 0;
      int base = t * each;
      done.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          if (transactional) {
            appendInTransaction(read(base + i));
          } else {
            trail.record(read(base + i));
          }
          if (i % 5 == 0) {
            trail.flush();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    trail.flush();

    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(threads * each);
          assertThat(r.pending()).isZero();
          assertThat(r.blocks()).isPositive();
        });
  }

  @ParameterizedTest(name = "waiting for the flush: {0}")
  @ValueSource(booleans = {true, false})
  void aRecordIsCommittedAtOnceEvenWhileTheChainIsLockedAndChainedAfterwards(boolean waitForFlush) throws Exception {
    try (AuditTrail other = AuditFixtures.trail(db, waitForFlush)) {
      try (Connection blocker = db.dataSource().getConnection()) {
        blocker.setAutoCommit(false);
        lockChain(blocker);
        // the writer (or retention) of another process holds the chain: records must not wait for it
        for (int i = 0; i < 3; i++) {
          other.record(read(i));
        }
        assertThat(AuditFixtures.rows(db)).isEmpty();
        assertThat(new AuditVerifier(db.dataSource()).verify(null))
            .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.pending()).isEqualTo(3));
        blocker.rollback();
      }
      other.flush();
      assertThat(AuditFixtures.entries(db)).containsExactly(read(0), read(1), read(2));
      assertThat(new AuditVerifier(db.dataSource()).verify(null))
          .isInstanceOfSatisfying(Result.Intact.class, r -> {
            assertThat(r.entries()).isEqualTo(3);
            assertThat(r.pending()).isZero();
          });
    }
  }

  @Test
  void aWriteStillRunningDoesNotHoldBackTheChainingOfOthers() throws Exception {
    try (Connection longWrite = db.dataSource().getConnection()) {
      longWrite.setAutoCommit(false);
      trail.append(longWrite, List.of(read(0)));
      for (int i = 1; i <= 3; i++) {
        trail.record(read(i));
      }
      trail.flush();
      assertThat(AuditFixtures.entries(db)).containsExactly(read(1), read(2), read(3));
      assertThat(new AuditVerifier(db.dataSource()).verify(null))
          .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(3));
      longWrite.commit();
    }
    trail.record(read(4));
    trail.flush();

    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(5);
          assertThat(r.pending()).isZero();
        });
    assertThat(AuditFixtures.entries(db)).containsExactly(read(1), read(2), read(3), read(0), read(4));
  }

  @Test
  void aPassMovesABlockAtMostAndTheNextPassesTheRest() throws Exception {
    for (int i = 0; i < 4; i++) {
      AuditFixtures.stage(db, read(i));
    }
    AuditEntry[] big = new AuditEntry[7];
    for (int i = 0; i < big.length; i++) {
      big[i] = read(10 + i);
    }
    AuditFixtures.stage(db, big);
    AuditFixtures.stage(db, read(20));

    while (AuditFixtures.seal(db, 3).full()) {
      // the next block
    }

    assertThat(AuditFixtures.seals(db)).extracting(AuditSeal::size).containsExactly(3, 3, 3, 3);
    assertThat(AuditFixtures.entries(db)).startsWith(read(0), read(1), read(2), read(3), read(10)).endsWith(read(20));
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(12);
          assertThat(r.blocks()).isEqualTo(4);
          assertThat(r.pending()).isZero();
        });
  }

  @Test
  void entriesStagedByAVersionBeforeSealedBlocksJoinTheTrailFirst() throws SQLException {
    trail.close();
    List<ChainLink> links = AuditFixtures.linkBeforeV10(db, read(0), read(1));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO audit_pending (recorded, action, outcome, actor, actor_system, roles, patients,"
          + " entities) VALUES ('2026-03-01T08:00:03Z', 'read', 'success', 'dr.lan', false, '{doctor}', '{pat0}',"
          + " '{Observation/o3/_history/1}')");
    }
    trail = AuditFixtures.trail(db, true);
    trail.record(read(4));
    trail.flush();

    assertThat(AuditFixtures.pendingBeforeV10(db)).isZero();
    assertThat(AuditFixtures.rows(db)).extracting(AuditChain.Row::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(AuditFixtures.entries(db).get(2).entities()).containsExactly("Observation/o3/_history/1");
    assertThat(AuditFixtures.seals(db).getFirst().prevHash()).isEqualTo(links.getLast().hash());
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(4));
  }

  @Test
  void listsOfManyValuesAndEmptyListsComeBackAsRecorded() throws SQLException {
    List<String> entities = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      entities.add("Observation/o-" + i + "/_history/" + (i % 4 + 1));
    }
    AuditEntry everything = AuditEntry.of(AuditFixtures.DOCTOR_AT_WORK, AuditFixtures.T0, "everything",
        AuditEntry.SUCCESS, List.of("p1", "p2"), entities, null);
    AuditEntry nobody = new AuditEntry(AuditFixtures.T0, "search", AuditEntry.SUCCESS,
        new AuditContext.Actor("sen-system", null, java.util.Set.of(), null, true), null, List.of(), List.of(),
        null, null, null, null, null);
    try (AuditTrail staged = AuditFixtures.trail(db, false)) {
      staged.record(everything);
      staged.record(nobody);
      appendInTransaction(everything);
      staged.flush();
    }
    assertThat(AuditFixtures.entries(db)).containsExactly(everything, nobody, everything);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT entity_keys FROM audit_entry ORDER BY seq LIMIT 1")) {
      rs.next();
      assertThat(AuditChain.strings(rs, "entity_keys")).hasSize(600).first().isEqualTo("Observation/o-0");
    }
    assertThat(new AuditVerifier(db.dataSource()).verify(null)).isInstanceOf(Result.Intact.class);
    assertThatThrownBy(() -> AuditChain.joined(List.of("a\u001fb"))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "waiting for the flush: {0}")
  @ValueSource(booleans = {true, false})
  void recordFailsWhenTheTrailCannotBeWritten(boolean waitForFlush) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    HikariDataSource closed = new HikariDataSource(config);
    closed.close();
    try (AuditTrail broken = new AuditTrail(closed, Duration.ofSeconds(10), waitForFlush)) {
      assertThatThrownBy(() -> broken.record(read(1)))
          .isInstanceOf(AuditWriteException.class)
          .hasMessageContaining("could not be recorded");
    }
  }

  @Test
  void appendOutsideATransactionIsRefused() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> trail.append(c, List.of(read(1)))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void theTablesRefuseUpdatesAndDeletes() throws SQLException {
    trail.record(read(1));
    trail.flush();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_entry SET actor = 'someone else'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_entry")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_entry")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_pending")).hasMessageContaining("append-only");
      // signed anchors may be added, never changed or removed
      s.executeUpdate("INSERT INTO audit_anchor (block, hash, made_at, key_id, signature)"
          + " VALUES (1, '\\x00', now(), 'k', '\\x00')");
    }
    for (String change : List.of("UPDATE audit_seal SET sealed = now()", "DELETE FROM audit_seal", "TRUNCATE audit_seal",
        "TRUNCATE audit_seal_mark", "UPDATE audit_anchor SET block = 1", "DELETE FROM audit_anchor",
        "TRUNCATE audit_anchor")) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.execute(change)).as(change).hasMessageContaining("append-only");
      }
    }
    for (String change : List.of("UPDATE audit_pending SET actor = 'y'", "DELETE FROM audit_pending")) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        // the table a version before V10 staged in: still guarded until the upgrade has moved its rows
        c.setAutoCommit(false);
        s.execute("INSERT INTO audit_pending (recorded, action, outcome, actor, actor_system, roles, patients,"
            + " entities) VALUES (now(), 'read', 'success', 'x', false, '{}', '{}', '{}')");
        assertThatThrownBy(() -> s.executeUpdate(change)).hasMessageContaining("append-only");
        c.rollback();
      }
    }
    assertThat(AuditFixtures.rows(db)).hasSize(1);
  }

  private void appendInTransaction(AuditEntry entry) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      trail.append(c, List.of(entry));
      c.commit();
    }
  }

  private static void lockChain(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, AuditChain.CHAIN_LOCK);
      ps.execute();
    }
  }

  private static long transactionsStaging() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(DISTINCT xmin::text) FROM audit_pending")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
