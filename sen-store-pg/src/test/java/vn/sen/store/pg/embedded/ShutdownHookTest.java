package vn.sen.store.pg.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShutdownHookTest {

  @Test
  void sigtermToTheJvmStopsPostgresCleanly() throws Exception {
    Path dataDir = Files.createDirectories(TestDirs.root().resolve(UUID.randomUUID().toString()));
    Path template = Files.createDirectories(TestDirs.root().resolve("template")).toRealPath();
    EmbeddedPostgres.start(template).stop();
    EmbeddedPostgresTest.copyTemplate(template, dataDir);
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EmbeddedPostgresProbe.class.getName(), dataDir.toString())
        .redirectErrorStream(true)
        .start();
    try {
      boolean ready = false;
      BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
      for (String line; !ready && (line = out.readLine()) != null; ) {
        ready = line.equals("ready");
      }
      assertThat(ready).as("probe JVM started PostgreSQL").isTrue();
      Path pidFile = dataDir.toRealPath().resolve("pg17/postmaster.pid");
      long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());

      jvm.destroy(); // SIGTERM
      jvm.waitFor();

      assertThat(Files.exists(pidFile)).isFalse();
      assertThat(Files.readString(dataDir.toRealPath().resolve("log/postgresql.log")))
          .contains("received fast shutdown request")
          .contains("database system is shut down");
      assertThat(ProcessHandle.of(postmaster).map(p -> p.info().command().isPresent()).orElse(false)).isFalse();
    } finally {
      jvm.destroyForcibly();
      PostgresBinaries.deleteTree(dataDir);
    }
  }
}
