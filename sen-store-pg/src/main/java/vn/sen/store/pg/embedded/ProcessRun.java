package vn.sen.store.pg.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The outcome of running one PostgreSQL program to completion: exit code and combined output. */
record ProcessRun(int exitCode, String output) {

  /**
   * Runs {@code command} with its output in a temporary file rather than a pipe: {@code pg_ctl start}
   * leaves a daemon behind, and a pipe it inherited would keep a reader waiting forever.
   */
  static ProcessRun run(List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("sen-pg-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // Messages in English and no surprises from the caller's locale (initdb uses --locale=C anyway).
      builder.environment().put("LC_ALL", "C");
      builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
      int code = builder.start().waitFor();
      return new ProcessRun(code, Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot run " + command.get(0) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted while running " + String.join(" ", command), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // A leftover temporary file is harmless.
        }
      }
    }
  }
}
