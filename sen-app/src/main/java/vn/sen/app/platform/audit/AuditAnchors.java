package vn.sen.app.platform.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit trail's head at intervals (docs/audit.md, "Signed anchors"): the last seal's block and
 * hash, signed with the {@link AnchorKey} held outside the database, stored in {@code audit_anchor} and
 * appended to an anchor log beside the key. {@code ./sen audit verify} checks every signed anchor against
 * the trail, so a rewrite with recomputed hashes, or blocks cut from the tail, show without anyone having
 * published an anchor by hand.
 *
 * <p>An anchor is made only when the seals since this key's last anchor still link back to it unchanged;
 * otherwise Sen refuses to vouch for the trail and says so in its log (run {@code ./sen audit verify}).
 */
public final class AuditAnchors implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);
  private static final String LOG_FILE = "audit-anchors.log";

  private final DataSource dataSource;
  private final AnchorKey key;
  private final Path logFile;
  private final Clock clock;
  private final Duration interval;
  private @Nullable ScheduledExecutorService timer;

  AuditAnchors(DataSource dataSource, AnchorKey key, Path logFile, Clock clock, Duration interval) {
    this.dataSource = dataSource;
    this.key = key;
    this.logFile = logFile;
    this.clock = clock;
    this.interval = interval;
  }

  /** The anchor log kept beside a key file. */
  static Path logFile(Path keyFile) {
    return keyFile.toAbsolutePath().resolveSibling(LOG_FILE);
  }

  /** Makes an anchor every interval (none when the interval is zero), the first within a minute of start. */
  public void start() {
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sen-audit-anchors").daemon()
        .factory());
    long first = Math.min(interval.toMillis(), Duration.ofMinutes(1).toMillis());
    timer.scheduleWithFixedDelay(this::makeLogged, first, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void makeLogged() {
    try {
      make();
    } catch (SQLException | IOException | RuntimeException e) {
      log.warn("Audit trail: no signed anchor made: {}", e.getMessage());
    }
  }

  /**
   * Signs the trail's last seal now, unless this key already anchored it or nothing is sealed yet.
   *
   * @throws Refused when the seals no longer extend this key's last anchor (the trail was changed; nothing
   *     is signed)
   */
  Optional<SignedAnchor> make() throws SQLException, IOException {
    SignedAnchor made;
    Optional<SignedAnchor> lastLogged = lastInLog();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Optional<SignedAnchor> last = later(lastOfKey(c), lastLogged);
        Optional<Head> head = head(c);
        if (head.isEmpty()) {
          c.rollback();
          return Optional.empty();
        }
        if (last.isPresent()) {
          if (last.get().block() > head.get().block()) {
            throw changed("the seals end at block " + head.get().block() + " but this key anchored block "
                + last.get().block());
          }
          if (last.get().block() == head.get().block()
              && MessageDigest.isEqual(last.get().hash(), head.get().hash())) {
            c.rollback();
            return Optional.empty();
          }
          requireExtends(c, last.get());
        }
        made = SignedAnchor.sign(key, head.get().block(), head.get().hash(), clock.instant());
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO audit_anchor (block, hash, made_at, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
          ps.setLong(1, made.block());
          ps.setBytes(2, made.hash());
          ps.setTimestamp(3, Timestamp.from(made.madeAt()));
          ps.setString(4, made.keyId());
          ps.setBytes(5, made.signature());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    Files.createDirectories(logFile.getParent());
    Files.writeString(logFile, made.line() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    return Optional.of(made);
  }

  /** This key's last anchor in the database; refused if the row's signature is not this key's. */
  private Optional<SignedAnchor> lastOfKey(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT block, hash, made_at, key_id, signature FROM audit_anchor"
        + " WHERE key_id = ? ORDER BY block DESC, id DESC LIMIT 1")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        SignedAnchor last = read(rs);
        if (!last.signedBy(key)) {
          throw new Refused("the last anchor of this key in audit_anchor is not signed by it;"
              + " run ./sen audit verify");
        }
        return Optional.of(last);
      }
    }
  }

  /**
   * This key's last anchor in the log beside it: rows deleted from the database do not make Sen forget
   * what it signed.
   */
  private Optional<SignedAnchor> lastInLog() throws IOException {
    if (!Files.isReadable(logFile)) {
      return Optional.empty();
    }
    return readLog(logFile).anchors().stream().filter(a -> a.signedBy(key))
        .max(java.util.Comparator.comparingLong(SignedAnchor::block));
  }

  private static Optional<SignedAnchor> later(Optional<SignedAnchor> a, Optional<SignedAnchor> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().block() > a.get().block() ? b : a;
  }

  private record Head(long block, byte[] hash) {}

  private static Optional<Head> head(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT block, hash FROM audit_seal ORDER BY block DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
    }
  }

  /**
   * The seals from {@code last}'s block on: the anchored one unchanged (unless retention has removed it),
   * each later one right after the one before and linked to it.
   */
  private static void requireExtends(Connection c, SignedAnchor last) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT block, prev_hash, hash FROM audit_seal WHERE block >= ? ORDER BY block")) {
      ps.setLong(1, last.block());
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        long block = -1;
        byte[] hash = null;
        while (rs.next()) {
          long b = rs.getLong(1);
          byte[] prev = rs.getBytes(2);
          byte[] h = rs.getBytes(3);
          if (block < 0) {
            if (b == last.block() && !MessageDigest.isEqual(h, last.hash())) {
              throw changed("the seal of anchored block " + b + " no longer has the anchored hash");
            }
            if (b != last.block() && !prunedThrough(c, last.block())) {
              throw changed("the seal of anchored block " + last.block() + " is missing");
            }
          } else if (b != block + 1 || !MessageDigest.isEqual(prev, hash)) {
            throw changed("the seals after anchored block " + last.block() + " do not follow each other at block " + b);
          }
          block = b;
          hash = h;
        }
        if (block < 0) {
          throw changed("the seals end before anchored block " + last.block());
        }
      }
    }
  }

  private static boolean prunedThrough(Connection c, long block) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_seal_mark WHERE through_block >= ?")) {
      ps.setLong(1, block);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Refused changed(String what) {
    return new Refused(what + "; no anchor signed — run ./sen audit verify");
  }

  /** Sen will not sign: the trail no longer extends this key's last anchor. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** Every anchor stored in the database, in the order made. */
  static List<SignedAnchor> stored(Connection c) throws SQLException {
    List<SignedAnchor> anchors = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
            "SELECT block, hash, made_at, key_id, signature FROM audit_anchor ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        anchors.add(read(rs));
      }
    }
    return anchors;
  }

  /** The anchors of an anchor log; lines that are not anchors are counted in {@code malformed}. */
  record LogLines(List<SignedAnchor> anchors, int malformed) {}

  static LogLines readLog(Path file) throws IOException {
    List<SignedAnchor> anchors = new ArrayList<>();
    int malformed = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Optional<SignedAnchor> parsed = SignedAnchor.parse(line);
      if (parsed.isPresent()) {
        anchors.add(parsed.get());
      } else {
        malformed++;
      }
    }
    return new LogLines(anchors, malformed);
  }

  private static SignedAnchor read(ResultSet rs) throws SQLException {
    return new SignedAnchor(rs.getLong("block"), rs.getBytes("hash"), rs.getTimestamp("made_at").toInstant(),
        rs.getString("key_id"), rs.getBytes("signature"));
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
