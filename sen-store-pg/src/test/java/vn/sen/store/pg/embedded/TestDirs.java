package vn.sen.store.pg.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders for test data directories: under {@code target/} normally; under {@code java.io.tmpdir} when
 * the tests run as root in a checkout that the unprivileged server account cannot reach (e.g. /root).
 */
final class TestDirs {
  private TestDirs() {}

  static Path root() throws IOException {
    Path local = Path.of("target", "embedded-pg-tests").toAbsolutePath();
    Path chosen = EmbeddedPostgres.canRunFrom(local)
        ? local
        : Path.of(System.getProperty("java.io.tmpdir"), "sen-embedded-pg-tests-" + Integer.toHexString(local.hashCode()));
    return Files.createDirectories(chosen);
  }
}
