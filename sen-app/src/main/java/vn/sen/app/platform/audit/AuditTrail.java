package vn.sen.app.platform.audit;

import java.io.IOException;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit trail (docs/audit.md).
 *
 * <p>Entries are staged without any lock, then moved onto the trail and sealed by a writer:
 * <ul>
 *   <li>{@link #record} for accesses that change nothing (reads, searches, logins, denials): the entry
 *       is committed when the call returns. Callers stage their entries themselves, one statement for all
 *       the entries waiting at that moment (a caller alone stages its own at once); by default
 *       ({@code waitForFlush} false) that commit does not wait for the WAL flush, with {@code waitForFlush}
 *       it does, and the requests that queued meanwhile share one flush.
 *   <li>{@link #append} for writes: the entries are staged in the writer's own transaction and commit or
 *       roll back with the change they describe.
 * </ul>
 * With a {@link AuditJournal journal}, a request served alone (no other request in flight, nothing waiting to
 * be staged) appends its read entry to the journal instead of staging it, which spares it a round trip to
 * PostgreSQL; the writer moves the journal into the staging table on every pass, before moving the staged
 * entries onto the trail. Under load, requests keep staging in PostgreSQL, grouped.
 * A writer thread moves what has been committed onto the trail inside PostgreSQL and seals it as one block
 * ({@link AuditSealer}) every chain interval ({@link #CHAIN_INTERVAL} by default), holding the chain lock ({@link AuditChain#CHAIN_LOCK})
 * for that transaction only, so chain order is strict across Sen processes while no request waits for it.
 * Staging costs a request one INSERT into a table without indexes; the trail's indexes are paid once per
 * block (docs/benchmarks.md, "Session 6").
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  /** Largest group written by one INSERT (18 bind parameters per row, PostgreSQL allows 65,535). */
  static final int MAX_GROUP = 500;
  /** How often the writer moves and seals what has been staged. */
  static final Duration CHAIN_INTERVAL = Duration.ofMillis(100);

  private final DataSource dataSource;
  private final Duration timeout;
  private final Duration chainInterval;
  private final boolean waitForFlush;
  /** Entries waiting to be staged by whoever holds {@link #stagingLock}. */
  private final ConcurrentLinkedQueue<Pending> staging = new ConcurrentLinkedQueue<>();
  private final ReentrantLock stagingLock = new ReentrantLock();
  /** Entries handed to {@link #record} so far (for tests of grouping). */
  private final AtomicLong handedOver = new AtomicLong();
  private final Thread writer;
  private final Object writerWake = new Object();
  private volatile boolean running = true;
  private volatile boolean unhashedTaken;
  private long lastChainFailure = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
  private final @Nullable AuditJournal journal;
  private final IntSupplier requestsInFlight;
  /** Entries appended to the journal so far (for tests). */
  private final AtomicLong journaled = new AtomicLong();

  /**
   * @param dataSource the database holding the trail
   * @param timeout how long {@link #close} waits for the writer's last pass
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
    this(dataSource, timeout, waitForFlush, CHAIN_INTERVAL);
  }

  /** @param chainInterval how often the writer thread passes (tests leave it to {@link #flush}) */
  AuditTrail(DataSource dataSource, Duration timeout, boolean waitForFlush, Duration chainInterval) {
    this(dataSource, timeout, waitForFlush, chainInterval, null, () -> Integer.MAX_VALUE);
  }

  /**
   * @param chainInterval how often the writer passes
   * @param journal where a request alone appends its read entry, or null to stage every entry in PostgreSQL
   *     (the trail closes it); not used when {@code waitForFlush}, since the journal is not forced to disk
   * @param requestsInFlight how many requests the server is serving now, the caller's included
   */
  AuditTrail(DataSource dataSource, Duration timeout, boolean waitForFlush, Duration chainInterval,
      @Nullable AuditJournal journal, IntSupplier requestsInFlight) {
    this.journal = waitForFlush ? null : journal;
    if (waitForFlush && journal != null) {
      journal.closeAndMove(dataSource);
    }
    this.requestsInFlight = requestsInFlight;
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.chainInterval = chainInterval;
    this.waitForFlush = waitForFlush;
    this.writer = Thread.ofPlatform().name("sen-audit-writer").daemon().unstarted(this::chainPeriodically);
    writer.start();
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
    // alone: a local append instead of a round trip (nobody to share a statement with anyway)
    if (journal != null && staging.isEmpty() && !stagingLock.isLocked() && requestsInFlight.getAsInt() <= 1
        && journal.append(entry)) {
      handedOver.incrementAndGet();
      journaled.incrementAndGet();
      return;
    }
    Pending mine = new Pending(entry, new CompletableFuture<>());
    staging.add(mine);
    handedOver.incrementAndGet();
    // Group staging without a thread of its own: whoever holds the lock stages every entry waiting at that
    // moment in one statement. Alone, a request stages its own entry at once (no hand-over); under load,
    // the requests that queued while a statement ran share the next one.
    stagingLock.lock();
    try {
      if (!mine.done().isDone()) {
        List<Pending> group = new ArrayList<>();
        Pending next;
        while (group.size() < MAX_GROUP && (next = staging.poll()) != null) {
          group.add(next);
        }
        stageGroup(group);
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

  private void stageGroup(List<Pending> group) {
    List<AuditEntry> entries = group.stream().map(Pending::entry).toList();
    try (Connection c = dataSource.getConnection()) {
      AuditChain.stageCommitted(c, entries, waitForFlush);
      group.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      group.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /** Entries handed to {@link #record} since the trail was opened (for tests of grouping). */
  long handedOver() {
    return handedOver.get();
  }

  /** The journal's directory, or null without a journal (for tests). */
  @Nullable Path journalDir() {
    return journal == null ? null : journal.dir();
  }

  /** Entries appended to the journal since the trail was opened (for tests). */
  long journaled() {
    return journaled.get();
  }

  /**
   * Stages the entries of a write in the caller's open transaction (auto-commit off); they commit or roll
   * back with it and reach the trail shortly after the commit.
   */
  public void append(Connection connection, List<AuditEntry> entries) throws SQLException {
    AuditChain.stage(connection, entries);
  }

  /**
   * Returns once every entry committed before the call is on the trail and sealed.
   *
   * @throws AuditWriteException if the trail cannot be written
   */
  public void flush() {
    try {
      moveJournal();
      chainAll(true);
    } catch (SQLException | RuntimeException e) {
      throw new AuditWriteException("the audit trail could not move its staged entries", e);
    }
  }

  /** Stages what the journal holds (the entries appended before the call). */
  private void moveJournal() throws SQLException {
    if (journal == null) {
      return;
    }
    try {
      journal.move(dataSource);
    } catch (IOException e) {
      throw new SQLException("the audit journal could not be read: " + e.getMessage(), e);
    }
  }

  /** Passes until what is staged has been moved (or, without {@code wait}, another writer is at work). */
  private void chainAll(boolean wait) throws SQLException {
    AuditSealer.Position at;
    do {
      at = chainOnce(wait);
    } while (at != null && at.full());
  }

  /** One pass in its own transaction; null if another writer was at work and {@code wait} is false. */
  private AuditSealer.@Nullable Position chainOnce(boolean wait) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (!wait && !AuditChain.hasStaged(c)) {
        return null;
      }
      c.setAutoCommit(false);
      try {
        boolean takeUnhashed = !unhashedTaken;
        AuditSealer.Position at =
            AuditSealer.pass(c, Instant.now(), wait, AuditSealer.MAX_BLOCK, takeUnhashed);
        c.commit();
        if (at != null && takeUnhashed) {
          unhashedTaken = true;
        }
        return at;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void chainPeriodically() {
    long lastRecovery = System.nanoTime();
    while (running) {
      if (journal != null && System.nanoTime() - lastRecovery > TimeUnit.MINUTES.toNanos(1)) {
        lastRecovery = System.nanoTime();
        recoverLogged(journal);
      }
      synchronized (writerWake) {
        try {
          writerWake.wait(chainInterval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      chainLogged();
    }
  }

  private void chainLogged() {
    try {
      moveJournal();
      chainAll(false);
    } catch (SQLException | RuntimeException e) {
      // while the database is away, say so once a minute, not ten times a second
      long now = System.nanoTime();
      if (now - lastChainFailure > TimeUnit.MINUTES.toNanos(1)) {
        lastChainFailure = now;
        log.warn("Audit trail: cannot move staged entries onto the trail: {}", e.getMessage());
      }
    }
  }

  /** Moves the journals of processes that stopped without moving theirs (another process may have died). */
  private void recoverLogged(AuditJournal live) {
    try {
      int moved = live.recoverOthers(dataSource);
      if (moved > 0) {
        log.info("Audit trail: moved {} entries left in the journal of a stopped process", moved);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      log.warn("Audit trail: cannot move the journals of stopped processes: {}", e.getMessage());
    }
  }

  /** Stops the writer after a last pass over what has been committed. */
  @Override
  public void close() {
    running = false;
    synchronized (writerWake) {
      writerWake.notifyAll();
    }
    try {
      writer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (journal != null) {
      journal.closeAndMove(dataSource);
    }
    chainLogged();
    Pending left;
    while ((left = staging.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the audit trail closed"));
    }
  }

  private record Pending(AuditEntry entry, CompletableFuture<@Nullable Void> done) {}
}
