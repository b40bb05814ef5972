package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.app.platform.audit.AuditFixtures.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sen.app.platform.audit.AuditContext.Actor;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.store.pg.TestDatabase;

/** The local journal of read entries for requests served alone (docs/audit.md, "The journal"). */
class AuditJournalTest {
  static TestDatabase db;
  @TempDir Path root;

  @BeforeAll
  static void database() {
    db = AuditFixtures.migrated(AuditJournalTest.class);
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
  void anEntryReadsBackFromItsCanonicalBytesWithTheSameHash() throws IOException {
    AuditEntry full = new AuditEntry(AuditFixtures.T0.plusNanos(123_456_789), "search", AuditEntry.SUCCESS,
        new Actor("bs.hoa", "Practitioner/p9", Set.of("nurse", "doctor"), "Organization/tram-1", false),
        "Patient/p2", List.of("p2", "p1"), List.of("Observation/o1/_history/3", "Patient/p1/_history/1"),
        "ETREAT", "Cấp cứu: bệnh nhân bất tỉnh", "10.0.0.9", "Mozilla/5.0 (Tiếng Việt)", "req-42");
    AuditEntry sparse = new AuditEntry(AuditFixtures.T0, "login-failed", AuditEntry.FAILED, Actor.system("sen"),
        null, List.of(), List.of(), null, null, null, null, null);

    for (AuditEntry e : List.of(full, sparse, read(7))) {
      AuditEntry back = AuditEntry.fromCanonicalBytes(e.canonicalBytes());
      assertThat(back).isEqualTo(e);
      assertThat(back.hash()).isEqualTo(e.hash());
    }
    byte[] cut = full.canonicalBytes();
    assertThatThrownBy(() -> AuditEntry.fromCanonicalBytes(java.util.Arrays.copyOf(cut, cut.length - 3)))
        .isInstanceOf(IOException.class);
    byte[] longer = java.util.Arrays.copyOf(cut, cut.length + 1);
    assertThatThrownBy(() -> AuditEntry.fromCanonicalBytes(longer)).isInstanceOf(IOException.class);
  }

  @Test
  void movedEntriesAreStagedOnceAndTheSegmentRemoved() throws Exception {
    try (AuditJournal journal = AuditJournal.open(root, db.dataSource())) {
      for (int i = 0; i < 3; i++) {
        assertThat(journal.append(read(i))).isTrue();
      }
      assertThat(segmentsOf(journal)).hasSize(1);

      assertThat(journal.move(db.dataSource())).isEqualTo(3);

      assertThat(staged()).containsExactly(read(0), read(1), read(2));
      assertThat(segmentsOf(journal)).isEmpty();
      assertThat(movedThrough(journal.id())).isEqualTo(1);
      assertThat(journal.move(db.dataSource())).isZero();

      // appending after a move starts the next segment
      journal.append(read(3));
      assertThat(journal.move(db.dataSource())).isEqualTo(1);
      assertThat(movedThrough(journal.id())).isEqualTo(2);
      assertThat(staged()).hasSize(4);
    }
  }

  @Test
  void aSegmentFoundAgainAfterItsMoveCommittedIsNotStagedTwice() throws Exception {
    try (AuditJournal journal = AuditJournal.open(root, db.dataSource())) {
      journal.append(read(0));
      journal.append(read(1));
      Path segment = segmentsOf(journal).getFirst();
      Path copy = root.resolve("copy");
      Files.copy(segment, copy);
      journal.move(db.dataSource());
      // as if Sen stopped after the move's commit and before deleting the file
      Files.move(copy, segment);

      assertThat(journal.move(db.dataSource())).isZero();
      assertThat(staged()).hasSize(2);
      assertThat(Files.exists(segment)).isFalse();
    }
  }

  @Test
  void journalsOfStoppedProcessesAreMovedIntoTheirOwnTrailOnly() throws Exception {
    AuditJournal dead = stopped(0, 1);
    Path deadDir = dead.dir();
    // another database's journal in the same directory
    AuditJournal other = stopped(2);
    Path otherDir = other.dir();
    Files.writeString(otherDir.resolve("trail"), UUID.randomUUID() + "\n");

    try (AuditJournal live = AuditJournal.open(root, db.dataSource())) {
      live.append(read(3));

      assertThat(AuditJournal.recover(root, db.dataSource())).isEqualTo(2);

      assertThat(staged()).containsExactly(read(0), read(1));
      assertThat(deadDir).doesNotExist();
      assertThat(journalRows()).doesNotContain(dead.id()).contains(live.id(), other.id());
      assertThat(otherDir).isDirectory();
      assertThat(segmentsOf(live)).hasSize(1);
      live.move(db.dataSource());
      assertThat(staged()).containsExactly(read(0), read(1), read(3));
    }
    assertThat(AuditJournal.recover(root, db.dataSource())).isZero();
  }

  @Test
  void aRecordCutShortByACrashEndsItsSegmentWhichIsKept() throws Exception {
    AuditJournal dead = stopped(0, 1);
    Path segment = segmentsOf(dead).getFirst();
    byte[] third = read(2).canonicalBytes();
    byte[] partial = new byte[8 + third.length / 2];
    java.nio.ByteBuffer.wrap(partial).putInt(third.length).putInt(0).put(third, 0, third.length / 2 - 8);
    Files.write(segment, partial, StandardOpenOption.APPEND);

    assertThat(AuditJournal.recover(root, db.dataSource())).isEqualTo(2);

    assertThat(staged()).containsExactly(read(0), read(1));
    assertThat(segment.resolveSibling(segment.getFileName() + ".damaged")).exists();
    assertThat(segment).doesNotExist();
  }

  @Test
  void aRequestAloneIsJournaledAndOthersStagedAndAllReachTheTrailIntact() throws Exception {
    AtomicInteger inFlight = new AtomicInteger(1);
    AuditJournal journal = AuditJournal.open(root, db.dataSource());
    Path dir = root.resolve(journal.id().toString());
    AuditTrail trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), false, Duration.ofHours(1), journal,
        inFlight::get);
    try {
      trail.record(read(0));
      assertThat(trail.journaled()).isEqualTo(1);
      assertThat(staged()).isEmpty();

      inFlight.set(3);
      trail.record(read(1));
      assertThat(trail.journaled()).isEqualTo(1);
      assertThat(staged()).containsExactly(read(1));

      inFlight.set(1);
      trail.record(read(2));
      trail.flush();
      assertThat(AuditFixtures.entries(db)).containsExactlyInAnyOrder(read(0), read(1), read(2));
      assertThat(new AuditVerifier(db.dataSource()).verify(null))
          .isInstanceOfSatisfying(Result.Intact.class, r -> assertThat(r.entries()).isEqualTo(3));

      trail.record(read(3));
    } finally {
      trail.close();
    }
    // closing moved the last entry onto the trail and removed the journal
    assertThat(AuditFixtures.entries(db)).hasSize(4).contains(read(3));
    assertThat(dir).doesNotExist();
    assertThat(journalRows()).isEmpty();
  }

  @Test
  void aJournalThatCannotBeWrittenLeavesTheEntryToStaging() throws Exception {
    AuditJournal journal = AuditJournal.open(root, db.dataSource());
    AuditTrail trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), false, Duration.ofHours(1), journal,
        () -> 1);
    try {
      deleteTree(root.resolve(journal.id().toString()));

      trail.record(read(0));

      assertThat(trail.journaled()).isZero();
      assertThat(staged()).containsExactly(read(0));
    } finally {
      trail.close();
    }
  }

  @Test
  void waitingForTheFlushNeverJournals() throws Exception {
    AuditJournal journal = AuditJournal.open(root, db.dataSource());
    AuditTrail trail = new AuditTrail(db.dataSource(), Duration.ofSeconds(30), true, Duration.ofHours(1), journal,
        () -> 1);
    try {
      trail.record(read(0));
      assertThat(trail.journaled()).isZero();
      assertThat(staged()).containsExactly(read(0));
      assertThat(journalRows()).isEmpty();
    } finally {
      trail.close();
    }
  }

  /** A journal of a process that stopped without moving it: its lock released, its segment left. */
  private AuditJournal stopped(int... reads) throws Exception {
    AuditJournal journal = AuditJournal.open(root, db.dataSource());
    for (int i : reads) {
      journal.append(read(i));
    }
    journal.close();
    return journal;
  }

  private static List<Path> segmentsOf(AuditJournal journal) throws IOException {
    try (Stream<Path> files = Files.list(journal.dir())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  /** What is staged and not yet moved onto the trail, in the order staged. */
  private static List<AuditEntry> staged() throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, " + AuditChain.ENTRY_COLUMNS + " FROM audit_pending ORDER BY id")) {
      while (rs.next()) {
        entries.add(AuditChain.readEntry(rs));
      }
    }
    return entries;
  }

  private static long movedThrough(UUID journal) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT moved_through FROM audit_journal WHERE journal = '" + journal + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<UUID> journalRows() throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT journal FROM audit_journal")) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
