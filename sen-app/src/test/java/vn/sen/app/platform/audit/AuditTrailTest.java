package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30));
  }

  @AfterEach
  void closeTrail() {
    trail.close();
  }

  @Test
  void recordedEntriesFormAGapFreeChainFromGenesis() throws SQLException {
    for (int i = 0; i < 5; i++) {
      trail.record(read(i));
    }

    List<ChainLink> links = AuditFixtures.links(db);
    assertThat(links).extracting(ChainLink::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(links.get(0).prevHash()).isEqualTo(ChainLink.GENESIS);
    for (int i = 1; i < links.size(); i++) {
      assertThat(links.get(i).prevHash()).isEqualTo(links.get(i - 1).hash());
      assertThat(links.get(i).selfConsistent()).isTrue();
    }
    assertThat(links.get(2).entry()).isEqualTo(read(2));
    assertThat(new AuditVerifier(db.dataSource()).verify(null)).isInstanceOf(Result.Intact.class);
  }

  @Test
  void concurrentRecordsWaitingForTheChainAreWrittenAsOneGroup() throws Exception {
    int callers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<?>> done = new ArrayList<>();
    try (Connection blocker = db.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      lockChain(blocker);
      for (int i = 0; i < callers; i++) {
        int n = i;
        done.add(pool.submit(() -> trail.record(read(n))));
      }
      waitUntilQueued(callers);
      blocker.rollback();
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertThat(AuditFixtures.links(db)).extracting(ChainLink::seq).hasSize(callers).doesNotHaveDuplicates();
    assertThat(transactionsWritingTheTrail()).as("commits for %d entries", callers).isLessThanOrEqualTo(2);
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(callers));
  }

  @Test
  void recordsAndTransactionalAppendsFromManyThreadsKeepOneValidChain() throws Exception {
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
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    trail.flush();

    assertThat(AuditFixtures.pending(db)).isZero();
    assertThat(new AuditVerifier(db.dataSource()).verify(null))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(threads * each);
          assertThat(r.lastSeq()).isEqualTo(threads * each);
        });
  }

  @Test
  void withoutFlushWaitARecordIsCommittedAtOnceEvenWhileTheChainIsBusyAndChainedInOrderLater() throws Exception {
    try (AuditTrail staged = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), false)) {
      try (Connection blocker = db.dataSource().getConnection()) {
        blocker.setAutoCommit(false);
        lockChain(blocker);
        // the chain is held by another appender: records must not wait for it
        for (int i = 0; i < 3; i++) {
          staged.record(read(i));
        }
        assertThat(AuditFixtures.pending(db)).isEqualTo(3);
        assertThat(AuditFixtures.links(db)).isEmpty();
        blocker.rollback();
      }
      staged.flush();
      assertThat(AuditFixtures.pending(db)).isZero();
      assertThat(AuditFixtures.links(db)).extracting(ChainLink::entry).containsExactly(read(0), read(1), read(2));
      assertThat(new AuditVerifier(db.dataSource()).verify(null)).isInstanceOf(Result.Intact.class);
    }
  }

  @Test
  void withoutFlushWaitConcurrentRecordsAreStagedTogetherEachOnceAndChainedIntact() throws Exception {
    int threads = 8;
    int each = 25;
    try (AuditTrail staged = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), false)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            staged.record(read(base + i));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      staged.flush();
    }
    List<AuditEntry> chained = AuditFixtures.links(db).stream().map(ChainLink::entry).toList();
    List<AuditEntry> expected = new ArrayList<>();
    for (int i = 0; i < threads * each; i++) {
      expected.add(read(i));
    }
    assertThat(chained).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(new AuditVerifier(db.dataSource()).verify(null)).isInstanceOf(Result.Intact.class);
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
    try (AuditTrail staged = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), false)) {
      staged.record(everything);
      staged.record(nobody);
      appendInTransaction(everything);
      staged.flush();
    }
    assertThat(AuditFixtures.links(db)).extracting(ChainLink::entry).containsExactly(everything, nobody, everything);
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
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_entry SET actor = 'someone else'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_entry")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_entry")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_pending")).hasMessageContaining("append-only");
    }
    for (String change : List.of("UPDATE audit_pending SET actor = 'y'", "DELETE FROM audit_pending")) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        // staged and changed in one transaction, before the writer can see the row
        c.setAutoCommit(false);
        s.execute("INSERT INTO audit_pending (recorded, action, outcome, actor, actor_system, roles, patients,"
            + " entities) VALUES (now(), 'read', 'success', 'x', false, '{}', '{}', '{}')");
        assertThatThrownBy(() -> s.executeUpdate(change)).hasMessageContaining("append-only");
        c.rollback();
      }
    }
    trail.flush();
    assertThat(AuditFixtures.links(db)).hasSize(1);
  }

  private void appendInTransaction(AuditEntry entry) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      trail.append(c, List.of(entry));
      c.commit();
    }
  }

  private void waitUntilQueued(int callers) throws InterruptedException {
    // the writer took the first group and waits for the lock; everyone else must be queued behind it
    while (trail.queued() + trail.writing() < callers) {
      Thread.sleep(5);
    }
  }

  private static void lockChain(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, AuditChain.CHAIN_LOCK);
      ps.execute();
    }
  }

  private static long transactionsWritingTheTrail() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(DISTINCT xmin::text) FROM audit_entry")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
