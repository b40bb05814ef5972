package vn.sen.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

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

  /**
   * Access tokens of a clinician: a user with role {@code nurse} acting as {@code practitioner} at {@code
   * organization}, with {@code user/*.cruds}. Each {@code get()} gives a token valid for a while yet (an
   * in-process target creates the user and mints them); empty when this target cannot provide one.
   */
  default Optional<Supplier<String>> clinicianToken(String practitioner, String organization) {
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
