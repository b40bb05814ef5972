package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit trail (docs/audit.md).
 *
 * <p>Two ways in, one chain:
 * <ul>
 *   <li>{@link #record} for accesses that change nothing (reads, searches, logins, denials): the entry
 *       is durable when the call returns. Concurrent callers are merged by one writer thread into one
 *       INSERT and one commit (group commit), so that many readers pay for one WAL flush.
 *   <li>{@link #append} for writes: inside the writer's own transaction, so the entry commits or rolls
 *       back with the change it describes.
 * </ul>
 * Both take the chain lock ({@link AuditChain#CHAIN_LOCK}) from reading the tail until their transaction
 * ends: chain order is commit order, and sequence numbers have no gaps (a rolled-back transaction's
 * numbers are taken by the next).
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  /** Largest group written by one INSERT (19 bind parameters per row, PostgreSQL allows 65,535). */
  static final int MAX_GROUP = 500;

  private final DataSource dataSource;
  private final Duration timeout;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;
  private volatile int writing;

  /**
   * @param dataSource the database holding the trail
   * @param timeout how long {@link #record} waits for its entry to be durable before failing the request
   */
  public AuditTrail(DataSource dataSource, Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.writer = Thread.ofPlatform().name("sen-audit-writer").daemon().unstarted(this::writeGroups);
    writer.start();
  }

  /**
   * Records an access that changes nothing, durably, before returning.
   *
   * @throws AuditWriteException when it cannot be recorded (the request must then fail)
   */
  public void record(AuditEntry entry) {
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

  /**
   * Appends entries in the caller's open transaction (auto-commit off, READ COMMITTED, as the store's
   * units of work are); they commit or roll back with it. The chain lock is held until then, so call
   * this as late as possible before the commit.
   */
  public List<ChainLink> append(Connection connection, List<AuditEntry> entries) throws SQLException {
    return AuditChain.append(connection, entries);
  }

  private void writeGroups() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
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

  /** Entries waiting for the writer (for tests of grouping). */
  int queued() {
    return queue.size();
  }

  /** Entries of the group being written now (for tests of grouping). */
  int writing() {
    return writing;
  }

  private void write(List<Pending> group) {
    List<AuditEntry> entries = new ArrayList<>(group.size());
    group.forEach(p -> entries.add(p.entry()));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        AuditChain.append(c, entries);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      group.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      log.error("Audit trail write of {} entries failed", group.size(), e);
      group.forEach(p -> p.done().completeExceptionally(e));
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

  private record Pending(AuditEntry entry, CompletableFuture<Void> done) {}
}
