package vn.sen.app.platform.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local append-only file of read entries, for requests served alone (docs/audit.md, "The journal").
 *
 * <p>A request alone on the server would otherwise wait for one more round trip to PostgreSQL to stage its
 * entry; appending it here costs a write to the operating system instead. The trail's writer moves the
 * journal into {@code audit_pending} every pass (100 ms), in a transaction that also advances this journal's
 * row of {@code audit_journal}, so a segment is staged once even if Sen stops between the commit and deleting
 * the file. A journal belongs to one trail ({@code audit_trail_identity}) and one running process (the lock
 * on its {@code owner.lock}); what a process leaves behind when it dies is moved by the next process that
 * starts on the same directory and the same trail.
 *
 * <p>Layout: {@code ROOT/<journal id>/} holding {@code owner.lock}, {@code trail} (the trail's id) and
 * segments {@code <number>.seg}, each a sequence of records: length (int), CRC-32C of the entry (int), the
 * entry's canonical bytes ({@link AuditEntry#canonicalBytes}). A record cut short by a crash ends its segment.
 */
final class AuditJournal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);
  private static final String LOCK = "owner.lock";
  private static final String TRAIL = "trail";
  private static final String SEGMENT = ".seg";
  /** Larger than any entry Sen writes (a search page's entry is a few kB). */
  private static final int MAX_RECORD = 16 << 20;
  private static final Set<StandardOpenOption> APPEND =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private final Path dir;
  private final UUID id;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** Guards {@link #current}, {@link #currentNumber}, {@link #nextNumber} and {@link #closed}. */
  private final ReentrantLock appendLock = new ReentrantLock();
  /** One mover at a time (the writer thread, or a request flushing the trail). */
  private final ReentrantLock moveLock = new ReentrantLock();
  private @Nullable FileChannel current;
  private long currentNumber;
  private long nextNumber = 1;
  private boolean closed;

  private AuditJournal(Path dir, UUID id, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.id = id;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens a new journal under {@code root} for the trail of {@code database} and registers it there.
   *
   * @throws IOException if the directory cannot be written
   */
  static AuditJournal open(Path root, DataSource database) throws IOException, SQLException {
    UUID trail = trailId(database);
    UUID id = UUID.randomUUID();
    Path dir = root.resolve(id.toString());
    Files.createDirectories(dir);
    restrict(dir, "rwx------");
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = lockChannel.lock();
    Files.writeString(dir.resolve(TRAIL), trail + "\n", StandardCharsets.US_ASCII);
    try (Connection c = database.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO audit_journal (journal) VALUES (?)")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
    return new AuditJournal(dir, id, lockChannel, lock);
  }

  /** This database's trail: the one row of {@code audit_trail_identity} (V16). */
  static UUID trailId(DataSource database) throws SQLException {
    try (Connection c = database.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM audit_trail_identity")) {
      if (!rs.next()) {
        throw new SQLException("audit_trail_identity is empty");
      }
      return rs.getObject(1, UUID.class);
    }
  }

  UUID id() {
    return id;
  }

  /** This journal's directory. */
  Path dir() {
    return dir;
  }

  /**
   * Appends an entry; false if the journal cannot take it (closed, or the file cannot be written), in which
   * case the caller stages it in PostgreSQL instead. Written to the operating system, not forced to the disk
   * (as PostgreSQL's staging commits without waiting for its WAL flush).
   */
  boolean append(AuditEntry entry) {
    byte[] canonical = entry.canonicalBytes();
    CRC32C crc = new CRC32C();
    crc.update(canonical);
    ByteBuffer record = ByteBuffer.allocate(8 + canonical.length);
    record.putInt(canonical.length).putInt((int) crc.getValue()).put(canonical).flip();
    appendLock.lock();
    try {
      if (closed) {
        return false;
      }
      if (current == null) {
        currentNumber = nextNumber++;
        current = FileChannel.open(segment(dir, currentNumber), APPEND);
      }
      while (record.hasRemaining()) {
        current.write(record);
      }
      return true;
    } catch (IOException e) {
      // a segment that may end in a partial record is closed: its readers stop there
      log.warn("Audit journal: cannot append, staging in the database instead: {}", e.getMessage());
      closeCurrent();
      return false;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Moves every entry appended before the call into {@code audit_pending}; returns how many.
   *
   * @throws SQLException if the database refused (the segments stay and are moved by the next call)
   */
  int move(DataSource database) throws SQLException, IOException {
    moveLock.lock();
    try {
      appendLock.lock();
      try {
        if (closed) {
          return 0;
        }
        closeCurrent();
      } finally {
        appendLock.unlock();
      }
      return moveSegments(database, dir, id);
    } finally {
      moveLock.unlock();
    }
  }

  /**
   * Moves what is left and closes the journal; its directory and row go when nothing is left in it.
   */
  @Override
  public void close() {
    appendLock.lock();
    try {
      closed = true;
    } finally {
      appendLock.unlock();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("Audit journal: cannot release its lock: {}", e.getMessage());
    }
  }

  /**
   * Closes the journal, then moves what it holds and removes it (directory and row); what cannot be moved
   * now stays for the next process to move.
   */
  void closeAndMove(DataSource database) {
    moveLock.lock();
    try {
      appendLock.lock();
      try {
        closed = true;
        closeCurrent();
      } finally {
        appendLock.unlock();
      }
      moveSegments(database, dir, id);
      forget(database, dir, id);
    } catch (SQLException | IOException | RuntimeException e) {
      log.warn("Audit journal: left for the next start to move: {}", e.getMessage());
    } finally {
      moveLock.unlock();
      close();
    }
  }

  /** {@link #recover} in this journal's root: the journals other processes left behind. */
  int recoverOthers(DataSource database) throws SQLException, IOException {
    return recover(dir.getParent(), database);
  }

  /**
   * Moves the journals under {@code root} left by processes that stopped without moving them (their lock is
   * free) and belong to the trail of {@code database}; returns how many entries. Journals of another trail are
   * left alone.
   */
  static int recover(Path root, DataSource database) throws SQLException, IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    UUID trail = trailId(database);
    int moved = 0;
    try (DirectoryStream<Path> journals = Files.newDirectoryStream(root)) {
      for (Path dir : journals) {
        UUID id = journalId(dir);
        if (id == null || !trail.equals(trailOf(dir))) {
          continue;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE)) {
          FileLock owner;
          try {
            owner = channel.tryLock();
          } catch (OverlappingFileLockException e) {
            owner = null; // held by this process: a live journal
          }
          if (owner == null) {
            continue;
          }
          try {
            moved += moveSegments(database, dir, id);
            forget(database, dir, id);
          } finally {
            if (owner.isValid()) {
              owner.release();
            }
          }
        } catch (NoSuchFileException e) {
          // removed by another process meanwhile
        }
      }
    }
    return moved;
  }

  private static @Nullable UUID journalId(Path dir) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try {
      return UUID.fromString(dir.getFileName().toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable UUID trailOf(Path dir) {
    try {
      return UUID.fromString(Files.readString(dir.resolve(TRAIL), StandardCharsets.US_ASCII).strip());
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Stages the segments of one journal in order, each in its own transaction with the journal's row. */
  private static int moveSegments(DataSource database, Path dir, UUID id) throws SQLException, IOException {
    int moved = 0;
    for (var segment : segments(dir).entrySet()) {
      long number = segment.getKey();
      Path file = segment.getValue();
      Segment read = read(file);
      try (Connection c = database.getConnection()) {
        c.setAutoCommit(false);
        try {
          long through = movedThrough(c, id);
          if (number > through) {
            AuditChain.stage(c, read.entries());
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_journal SET moved_through = ? WHERE journal = ?")) {
              ps.setLong(1, number);
              ps.setObject(2, id);
              ps.executeUpdate();
            }
            moved += read.entries().size();
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
      if (read.damaged()) {
        // kept for whoever investigates: what could be read of it is on the trail
        Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.delete(file);
      }
    }
    return moved;
  }

  /** The journal's row, locked for this transaction (inserted if a crash lost it). */
  private static long movedThrough(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_journal (journal) VALUES (?) ON CONFLICT (journal) DO UPDATE SET journal = EXCLUDED.journal"
            + " RETURNING moved_through")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Removes a journal that holds no segment any more: its files, then its row. */
  private static void forget(DataSource database, Path dir, UUID id) throws SQLException, IOException {
    if (!segments(dir).isEmpty()) {
      return;
    }
    Files.deleteIfExists(dir.resolve(TRAIL));
    Files.deleteIfExists(dir.resolve(LOCK));
    try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
      if (left.iterator().hasNext()) {
        return; // damaged segments kept
      }
    }
    Files.deleteIfExists(dir);
    try (Connection c = database.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM audit_journal WHERE journal = ?")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  private static TreeMap<Long, Path> segments(Path dir) throws IOException {
    TreeMap<Long, Path> found = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SEGMENT)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        try {
          found.put(Long.parseLong(name.substring(0, name.length() - SEGMENT.length())), f);
        } catch (NumberFormatException e) {
          // not a segment
        }
      }
    }
    return found;
  }

  private static Path segment(Path dir, long number) {
    return dir.resolve(String.format("%019d%s", number, SEGMENT));
  }

  /** What a segment holds, and whether it ended in a record that did not read whole. */
  record Segment(List<AuditEntry> entries, boolean damaged) {}

  static Segment read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    List<AuditEntry> entries = new ArrayList<>();
    while (bytes.remaining() > 0) {
      if (bytes.remaining() < 8) {
        return torn(file, entries);
      }
      int length = bytes.getInt();
      int expected = bytes.getInt();
      if (length < 0 || length > MAX_RECORD || length > bytes.remaining()) {
        return torn(file, entries);
      }
      byte[] canonical = new byte[length];
      bytes.get(canonical);
      CRC32C crc = new CRC32C();
      crc.update(canonical);
      if ((int) crc.getValue() != expected) {
        return torn(file, entries);
      }
      try {
        entries.add(AuditEntry.fromCanonicalBytes(canonical));
      } catch (IOException e) {
        return torn(file, entries);
      }
    }
    return new Segment(entries, false);
  }

  private static Segment torn(Path file, List<AuditEntry> entries) {
    log.warn("Audit journal: {} ends in a record that does not read whole (a crash while writing, or damage);"
        + " {} entries before it are moved, the file is kept as .damaged", file.getFileName(), entries.size());
    return new Segment(entries, true);
  }

  private void closeCurrent() {
    if (current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException e) {
      log.warn("Audit journal: cannot close a segment: {}", e.getMessage());
    }
    current = null;
  }

  private static void restrict(Path dir, String permissions) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    }
  }
}
