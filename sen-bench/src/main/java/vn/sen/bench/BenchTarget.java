package vn.sen.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The Sen being measured: one started in this process, or one already running at a URL. */
public interface BenchTarget extends AutoCloseable {

  /** E.g. {@code http://127.0.0.1:8080/fhir}. */
  URI fhirBase();

  /** {@code pg_database_size(current_database())}, when the database is reachable from here. */
  OptionalLong databaseBytes();

  /** The server's heap setting, as text for the report. */
  String heap();

  /** The access token sent with every request ({@code Authorization: Bearer …}), if the server needs one. */
  default Optional<String> bearerToken() {
    return Optional.empty();
  }

  @Override
  void close();

  /** Starts Sen in this process on a data directory (provided by sen-app, which owns the wiring). */
  @FunctionalInterface
  interface Starter {
    BenchTarget start(Path dataDir);
  }
}
