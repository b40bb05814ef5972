package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit trail (docs/audit.md).
 *
 * <p>Entries are written once, straight into {@code audit_entry}, without any lock:
 * <ul>
 *   <li>{@link #record} for accesses that change nothing (reads, searches, logins, denials): the entry
 *       is committed when the call returns. Callers insert their entries themselves, one statement for all
 *       the entries waiting at that moment (a caller alone inserts its own at once); by default
 *       ({@code waitForFlush} false) that commit does not wait for the WAL flush, with {@code waitForFlush}
 *       it does, and many waiting requests share one flush.
 *   <li>{@link #append} for writes: the entries are inserted in the writer's own transaction and commit or
 *       roll back with the change they describe.
 * </ul>
 * A sealer thread chains them in blocks ({@link AuditSealer}) within {@link #SEAL_INTERVAL} of the end of
 * the transaction that wrote them, holding the chain lock ({@link AuditChain#CHAIN_LOCK}) only for the seal,
 * so chain order is strict across Sen processes while no request ever waits for it.
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  /** Largest group written by one INSERT (18 bind parameters per row, PostgreSQL allows 65,535). */
  static final int MAX_GROUP = 500;
  /** How often the sealer seals the entries of transactions that have ended. */
  static final Duration SEAL_INTERVAL = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final Duration timeout;
  private final Duration sealInterval;
  private final boolean waitForFlush;
  /** Entries waiting to be inserted by whoever holds {@link #stagingLock}. */
  private final ConcurrentLinkedQueue<Pending> staging = new ConcurrentLinkedQueue<>();
  private final ReentrantLock stagingLock = new ReentrantLock();
  private final Thread sealer;
  private final Object sealerWake = new Object();
  private volatile boolean running = true;
  private boolean movedPending;
  private long lastSealFailure = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

  /**
   * @param dataSource the database holding the trail
   * @param timeout how long {@link #flush} waits for the entries committed before it to be sealed
   */
  public AuditTrail(DataSource dataSource, Duration timeout) {
    this(dataSource, timeout, true);
  }

  /**
   * @param waitForFlush whether a group of read entries waits for PostgreSQL to flush its WAL to disk
   *     before the requests it records are answered ({@code synchronous_commit}); without, a crash of the
   *     database machine can lose the last fraction of a second of read entries (never a write's entry:
   *     those commit with the write)
   */
  public AuditTrail(DataSource dataSource, Duration timeout, boolean waitForFlush) {
    this(dataSource, timeout, waitForFlush, SEAL_INTERVAL);
  }

  /** @param sealInterval how often the sealer thread seals (tests seal with {@link #flush} alone) */
  AuditTrail(DataSource dataSource, Duration timeout, boolean waitForFlush, Duration sealInterval) {
    this.dataSource = dataSource;
    this.sealInterval = sealInterval;
    this.timeout = timeout;
    this.waitForFlush = waitForFlush;
    this.sealer = Thread.ofPlatform().name("sen-audit-sealer").daemon().unstarted(this::sealPeriodically);
    sealer.start();
  }

  /**
   * Records an access that changes nothing, committed before returning.
   *
   * @throws AuditWriteException when it cannot be recorded (the request must then fail)
   */
  public void record(AuditEntry entry) {
    if (!running) {
      throw new AuditWriteException("the audit trail is closed", new IllegalStateException("closed"));
    }
    Pending mine = new Pending(entry, new CompletableFuture<>());
    staging.add(mine);
    // Group inserts without a thread of its own: whoever holds the lock inserts every entry waiting at that
    // moment in one statement. Alone, a request inserts its own entry at once (no hand-over); under load,
    // the requests that queued while a statement ran share the next one.
    stagingLock.lock();
    try {
      if (!mine.done().isDone()) {
        List<Pending> group = new ArrayList<>();
        Pending next;
        while (group.size() < MAX_GROUP && (next = staging.poll()) != null) {
          group.add(next);
        }
        insertGroup(group);
      }
    } finally {
      stagingLock.unlock();
    }
    try {
      mine.done().join();
    } catch (CompletionException e) {
      throw new AuditWriteException("the access could not be recorded in the audit trail", e.getCause());
    }
  }

  private void insertGroup(List<Pending> group) {
    List<AuditEntry> entries = group.stream().map(Pending::entry).toList();
    try (Connection c = dataSource.getConnection()) {
      AuditChain.insertCommitted(c, entries, waitForFlush);
      group.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      group.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /** Records waiting for the caller inserting a group (for tests of grouping). */
  int waiting() {
    return staging.size();
  }

  /**
   * Inserts the entries of a write in the caller's open transaction (auto-commit off); they commit or roll
   * back with it and are sealed shortly after the commit.
   */
  public void append(Connection connection, List<AuditEntry> entries) throws SQLException {
    AuditChain.insert(connection, entries);
  }

  /**
   * Returns once every entry committed before the call is sealed.
   *
   * @throws AuditWriteException if that takes longer than the timeout (a transaction that began before the
   *     call is still running, or the database is away)
   */
  public void flush() {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      long target;
      try (Connection c = dataSource.getConnection()) {
        target = AuditSealer.currentXmax(c);
      }
      AuditSealer.Position at;
      while ((at = sealOnce(true)) == null || !at.covers(target)) {
        if (System.nanoTime() > deadline) {
          throw new AuditWriteException("the audit trail did not seal its entries in time",
              new IllegalStateException("a transaction that began before the flush is still running"));
        }
        Thread.sleep(5);
      }
    } catch (SQLException e) {
      throw new AuditWriteException("the audit trail could not seal its entries", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditWriteException("interrupted while sealing the audit trail", e);
    }
  }

  /** One sealing pass in its own transaction; null if another sealer was at work and {@code wait} is false. */
  private AuditSealer.@Nullable Position sealOnce(boolean wait) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (!movedPending) {
        movePending(c);
      }
      c.setAutoCommit(false);
      try {
        AuditSealer.Position at = AuditSealer.pass(c, Instant.now(), wait);
        c.commit();
        return at;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Entries a version before V10 left in {@code audit_pending} join the trail (once, at the first pass). */
  private synchronized void movePending(Connection c) throws SQLException {
    while (!movedPending) {
      if (!AuditChain.hasPending(c)) {
        movedPending = true;
        return;
      }
      c.setAutoCommit(false);
      try {
        int moved = AuditChain.movePending(c);
        c.commit();
        log.info("Audit trail: {} entries staged before the upgrade to sealed blocks joined the trail", moved);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void sealPeriodically() {
    while (running) {
      synchronized (sealerWake) {
        try {
          sealerWake.wait(sealInterval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      sealLogged();
    }
  }

  private void sealLogged() {
    try {
      AuditSealer.Position at;
      do {
        at = sealOnce(false);
      } while (at != null && at.full());
    } catch (SQLException | RuntimeException e) {
      // while the database is away, say so once a minute, not every second
      long now = System.nanoTime();
      if (now - lastSealFailure > TimeUnit.MINUTES.toNanos(1)) {
        lastSealFailure = now;
        log.warn("Audit trail: cannot seal entries: {}", e.getMessage());
      }
    }
  }

  /** Stops the sealer after a last pass over what has been committed. */
  @Override
  public void close() {
    running = false;
    synchronized (sealerWake) {
      sealerWake.notifyAll();
    }
    try {
      sealer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sealLogged();
    Pending left;
    while ((left = staging.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the audit trail closed"));
    }
  }

  private record Pending(AuditEntry entry, CompletableFuture<@Nullable Void> done) {}
}
