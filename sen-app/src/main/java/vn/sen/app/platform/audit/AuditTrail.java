package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit trail (docs/audit.md).
 *
 * <p>Two ways in, one chain, one writer thread that alone appends to it:
 * <ul>
 *   <li>{@link #record} for accesses that change nothing (reads, searches, logins, denials): the entry
 *       is committed when the call returns. By default ({@code waitForFlush} false) the callers stage
 *       entries themselves, one statement for all the entries waiting at that moment (a caller alone
 *       stages its own at once), whose commit does not wait for the WAL flush, and the writer thread
 *       chains them with the next pass (within {@link #CHAIN_INTERVAL}); with {@code waitForFlush} the
 *       entry goes onto the chain and is flushed to disk before the call returns, concurrent callers
 *       merged into one INSERT and one commit (group commit), so that many readers pay for one flush.
 *   <li>{@link #append} for writes: the entries are staged in the writer's own transaction (they commit
 *       or roll back with the change they describe) without any lock, and the writer thread moves them
 *       onto the chain within {@link #CHAIN_INTERVAL} of their commit, with the next group of records.
 * </ul>
 * Appending to the chain holds the chain lock ({@link AuditChain#CHAIN_LOCK}) from reading the tail to
 * the commit, so chain order is strict across Sen processes and sequence numbers have no gaps. Holding
 * that lock inside every write transaction instead was measured to serialise all writers behind one
 * another's WAL flush (docs/audit.md, "Costs").
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  /** Largest group written by one INSERT (19 bind parameters per row, PostgreSQL allows 65,535). */
  static final int MAX_GROUP = 500;
  /** How often the writer looks for committed writes' entries when no record keeps it busy. */
  static final Duration CHAIN_INTERVAL = Duration.ofMillis(100);

  private final DataSource dataSource;
  private final Duration timeout;
  private final boolean waitForFlush;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /** Read entries waiting to be staged by whoever holds {@link #stagingLock} (without flush wait). */
  private final ConcurrentLinkedQueue<Pending> staging = new ConcurrentLinkedQueue<>();
  private final ReentrantLock stagingLock = new ReentrantLock();
  private final Thread writer;
  private volatile boolean running = true;
  private volatile int writing;
  private long lastIdleFailure = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

  /**
   * @param dataSource the database holding the trail
   * @param timeout how long {@link #record} waits for its entry to be durable before failing the request
   */
  public AuditTrail(DataSource dataSource, Duration timeout) {
    this(dataSource, timeout, true);
  }

  /**
   * @param waitForFlush whether a group of read entries waits for PostgreSQL to flush its WAL to disk
   *     before the requests it records are answered ({@code synchronous_commit}); without, the entries are
   *     committed and chained at once, and a crash of the database machine can lose the last fraction of a
   *     second of read entries (never a write's entry: those commit with the write)
   */
  public AuditTrail(DataSource dataSource, Duration timeout, boolean waitForFlush) {
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.waitForFlush = waitForFlush;
    this.writer = Thread.ofPlatform().name("sen-audit-writer").daemon().unstarted(this::writeGroups);
    writer.start();
  }

  /**
   * Records an access that changes nothing, durably, before returning.
   *
   * @throws AuditWriteException when it cannot be recorded (the request must then fail)
   */
  public void record(AuditEntry entry) {
    if (waitForFlush) {
      await(entry);
      return;
    }
    if (!running) {
      throw new AuditWriteException("the audit trail is closed", new IllegalStateException("closed"));
    }
    Pending mine = new Pending(entry, new CompletableFuture<>());
    staging.add(mine);
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
    List<AuditEntry> entries = group.stream().map(p -> Objects.requireNonNull(p.entry())).toList();
    try (Connection c = dataSource.getConnection()) {
      AuditChain.stageCommitted(c, entries);
      group.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      group.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /**
   * Stages the entries of a write in the caller's open transaction (auto-commit off); they commit or roll
   * back with it and reach the chain shortly after the commit.
   */
  public void append(Connection connection, List<AuditEntry> entries) throws SQLException {
    AuditChain.stage(connection, entries);
  }

  /** Returns once every write committed before the call is on the chain. */
  public void flush() {
    await(null);
  }

  private void await(@Nullable AuditEntry entry) {
    if (!running) {
      throw new AuditWriteException("the audit trail is closed", new IllegalStateException("closed"));
    }
    Pending pending = new Pending(entry, new CompletableFuture<>());
    queue.add(pending);
    try {
      pending.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AuditWriteException("the access could not be recorded in the audit trail", e.getCause());
    } catch (TimeoutException e) {
      throw new AuditWriteException("the audit trail did not record the access in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditWriteException("interrupted while recording the access", e);
    }
  }

  /** Entries waiting for the writer (for tests of grouping). */
  int queued() {
    return queue.size();
  }

  /** Entries of the group being written now (for tests of grouping). */
  int writing() {
    return writing;
  }

  private void writeGroups() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(CHAIN_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          queue.drainTo(group, MAX_GROUP - 1);
        }
        writing = group.size();
        write(group);
      } catch (InterruptedException e) {
        running = false;
      } finally {
        writing = 0;
        group.clear();
      }
    }
  }

  private void write(List<Pending> group) {
    List<AuditEntry> entries = group.stream().map(Pending::entry).filter(Objects::nonNull).toList();
    try {
      pass(entries, true);
      group.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      if (group.isEmpty()) {
        // an idle look for staged entries; while the database is away, say so once a minute, not ten times a second
        long now = System.nanoTime();
        if (now - lastIdleFailure > TimeUnit.MINUTES.toNanos(1)) {
          lastIdleFailure = now;
          log.warn("Audit trail: cannot chain staged entries: {}", e.getMessage());
        }
        return;
      }
      log.error("Audit trail: moving staged entries onto the chain failed; recording the reads alone", e);
      try {
        pass(entries, false);
        for (Pending p : group) {
          if (p.entry() != null) {
            p.done().complete(null);
          } else {
            p.done().completeExceptionally(e);
          }
        }
      } catch (SQLException | RuntimeException again) {
        log.error("Audit trail write of {} entries failed", entries.size(), again);
        group.forEach(p -> p.done().completeExceptionally(again));
      }
    }
  }

  /** One transaction: the staged entries of committed writes (if asked), then {@code entries}, onto the chain. */
  private void pass(List<AuditEntry> entries, boolean withPending) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (entries.isEmpty() && (!withPending || !AuditChain.hasPending(c))) {
        return;
      }
      c.setAutoCommit(false);
      try {
        if (!waitForFlush) {
          try (Statement local = c.createStatement()) {
            local.execute("SET LOCAL synchronous_commit TO off");
          }
        }
        AuditChain.append(c, entries, withPending);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Stops the writer after it has written what is queued. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the audit trail closed"));
    }
  }

  private record Pending(@Nullable AuditEntry entry, CompletableFuture<@Nullable Void> done) {}
}
