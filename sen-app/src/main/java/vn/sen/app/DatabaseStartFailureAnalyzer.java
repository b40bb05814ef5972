package vn.sen.app;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import vn.sen.store.pg.embedded.EmbeddedPostgresException;

/**
 * Shows why the embedded PostgreSQL did not start (e.g. a data directory that {@code nobody} cannot
 * reach when running as root) as Spring Boot's short start-up failure report, not a stack trace.
 */
public class DatabaseStartFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresException cause) {
    return new FailureAnalysis("The embedded PostgreSQL could not start: " + cause.getMessage(),
        "Fix the cause above, choose another data directory with SEN_DATA_DIR, or use an external"
            + " PostgreSQL 15+ with SEN_DATABASE_URL (see docs/operations.md).",
        cause);
  }
}
