package vn.sen.app.platform.audit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The audit context of the request being served on this thread: the edge binds it for the duration of
 * the request; the commit hook and the access recorder read it (the store runs a unit of work's commit
 * hooks on the request's thread).
 */
public final class CurrentAuditContext implements Supplier<Optional<AuditContext>> {
  private final ThreadLocal<@Nullable AuditContext> current = new ThreadLocal<>();
  /** Bindings open now, on all threads: the requests being served (the trail journals a request alone). */
  private final AtomicInteger bound = new AtomicInteger();

  /** Binds {@code context} to this thread until the returned scope is closed. */
  public Scope bind(AuditContext context) {
    AuditContext previous = current.get();
    current.set(context);
    bound.incrementAndGet();
    return () -> {
      bound.decrementAndGet();
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
      }
    };
  }

  /** How many bindings are open now, on all threads. */
  public int inFlight() {
    return bound.get();
  }

  @Override
  public Optional<AuditContext> get() {
    return Optional.ofNullable(current.get());
  }

  /** Ends a binding. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
