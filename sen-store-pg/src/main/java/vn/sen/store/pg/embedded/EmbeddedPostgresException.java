package vn.sen.store.pg.embedded;

import org.jspecify.annotations.Nullable;

/** The embedded PostgreSQL server could not be prepared, started or stopped; the message says what to do. */
public final class EmbeddedPostgresException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedPostgresException(String message) {
    super(message);
  }

  public EmbeddedPostgresException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
