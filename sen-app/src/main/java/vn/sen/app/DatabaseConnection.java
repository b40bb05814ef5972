package vn.sen.app;

import org.jspecify.annotations.Nullable;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * Where Sen's PostgreSQL is: an external server, or the embedded one this process started (and stops
 * on close, after the connection pool has been closed).
 */
public record DatabaseConnection(
    String jdbcUrl, String user, String password, @Nullable EmbeddedPostgres embedded) implements AutoCloseable {

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.stop();
    }
  }

  @Override
  public String toString() {
    return "DatabaseConnection[" + jdbcUrl + ", user=" + user + (isEmbedded() ? ", embedded]" : "]");
  }
}
