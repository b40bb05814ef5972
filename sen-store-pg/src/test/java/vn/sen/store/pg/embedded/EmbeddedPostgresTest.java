package vn.sen.store.pg.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
  /**
   * From {@link TestDirs} rather than JUnit's temporary folder: that one is private to its owner, which
   * the unprivileged server account cannot enter when the tests run as root.
   */
  private Path dataDir;

  private final List<EmbeddedPostgres> started = new ArrayList<>();
  private static Path template;

  /**
   * Unpacking and initdb cost seconds of CPU each: do them once, in a template data directory, and give
   * each test hard links to its binaries and a copy of its cluster.
   */
  @BeforeAll
  static void prepareTemplateOnce() throws IOException {
    template = Files.createDirectories(TestDirs.root().resolve("template")).toRealPath();
    EmbeddedPostgres.start(template).stop();
  }

  @BeforeEach
  void freshDataDir() throws IOException {
    dataDir = Files.createDirectories(TestDirs.root().resolve(UUID.randomUUID().toString()));
    copyTemplate(template, dataDir);
  }

  /** A data directory like {@code template}'s, without its log and lock: binaries linked, cluster copied. */
  static void copyTemplate(Path template, Path to) throws IOException {
    try (var walk = Files.walk(template)) {
      for (Path source : walk.toList()) {
        String relative = template.relativize(source).toString();
        if (relative.isEmpty() || relative.startsWith("log") || relative.equals("sen-embedded.lock")) {
          continue;
        }
        Path target = to.resolve(relative);
        if (Files.isSymbolicLink(source)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        } else if (Files.isDirectory(source)) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        } else if (relative.startsWith("pg-bin-")) {
          Files.createLink(target, source);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @AfterEach
  void stopAllAndClean() throws IOException {
    started.forEach(EmbeddedPostgres::stop);
    PostgresBinaries.deleteTree(dataDir);
  }

  private EmbeddedPostgres start() {
    EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir);
    started.add(pg);
    return pg;
  }

  private static Connection connect(EmbeddedPostgres pg) throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private static String queryOne(EmbeddedPostgres pg, String sql) throws SQLException {
    try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void startsPostgres17WithTheSenDatabaseAndRunsSql() throws Exception {
    EmbeddedPostgres pg = start();

    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/sen");
    assertThat(queryOne(pg, "SHOW server_version")).startsWith("17.");
    assertThat(queryOne(pg, "SELECT current_database()")).isEqualTo("sen");
    String cache = EmbeddedPostgres.Builder.sharedBuffers(EmbeddedPostgres.Builder.visibleMemory());
    assertThat(queryOne(pg, "SELECT setting::bigint * 8 / 1024 || 'MB' FROM pg_settings WHERE name = 'shared_buffers'"))
        .isEqualTo(cache);
    assertThat(queryOne(pg, "SHOW max_wal_size")).isEqualTo("8GB");
    assertThat(queryOne(pg, "SHOW fsync")).isEqualTo("on");
    assertThat(queryOne(pg, "SHOW server_encoding")).isEqualTo("UTF8");
    try (Connection c = connect(pg); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE note (id int PRIMARY KEY, text text)");
      s.execute("INSERT INTO note VALUES (1, 'Nguyễn Văn An')");
    }
    assertThat(queryOne(pg, "SELECT text FROM note WHERE id = 1")).isEqualTo("Nguyễn Văn An");
  }

  @Test
  void sizesItsCacheAtAQuarterOfTheMemoryWithinBounds() {
    long gb = 1024L * 1024 * 1024;
    assertThat(EmbeddedPostgres.Builder.sharedBuffers(24 * gb)).isEqualTo("6144MB");
    assertThat(EmbeddedPostgres.Builder.sharedBuffers(2 * gb)).isEqualTo("512MB");
    assertThat(EmbeddedPostgres.Builder.sharedBuffers(256L * 1024 * 1024)).isEqualTo("128MB");
    assertThat(EmbeddedPostgres.Builder.sharedBuffers(0)).isEqualTo("128MB");
    assertThat(EmbeddedPostgres.Builder.sharedBuffers(256 * gb)).isEqualTo("8192MB");
  }

  @Test
  void keepsThePasswordPrivateRefusesAWrongOneAndGivesTheClusterToTheServerAccount() throws Exception {
    EmbeddedPostgres pg = start();

    Path passwordFile = dataDir.toRealPath().resolve("pg-password");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    assertThat(Files.readString(passwordFile).strip()).isEqualTo(pg.password());
    assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    String owner = Files.getOwner(dataDir.toRealPath().resolve("pg17")).getName();
    // PostgreSQL refuses to run as root: as root the cluster belongs to nobody, otherwise to us.
    if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
      assertThat(owner).isEqualTo("nobody");
    } else {
      assertThat(owner).isEqualTo(System.getProperty("user.name"));
    }
  }

  @Test
  void restartKeepsDataAndPassword() throws Exception {
    EmbeddedPostgres first = start();
    try (Connection c = connect(first); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('still here')");
    }
    String password = first.password();
    first.stop();

    EmbeddedPostgres second = start();

    assertThat(second.password()).isEqualTo(password);
    assertThat(queryOne(second, "SELECT v FROM kept")).isEqualTo("still here");
  }

  @Test
  void recoversALockFileWhosePidNowBelongsToAnotherProcess() throws Exception {
    EmbeddedPostgres first = start();
    Path pidFile = dataDir.toRealPath().resolve("pg17/postmaster.pid");
    List<String> lines = new ArrayList<>(Files.readAllLines(pidFile, StandardCharsets.UTF_8));
    first.stop();
    // As after a killed run in a container: the recorded pid is now some unrelated live process (ours).
    lines.set(0, Long.toString(ProcessHandle.current().pid()));
    Files.write(pidFile, lines, StandardCharsets.UTF_8);

    EmbeddedPostgres second = start();

    assertThat(queryOne(second, "SELECT 1")).isEqualTo("1");
  }

  @Test
  void recoversALockFileOfADeadProcess() throws Exception {
    EmbeddedPostgres first = start();
    Path pidFile = dataDir.toRealPath().resolve("pg17/postmaster.pid");
    List<String> lines = new ArrayList<>(Files.readAllLines(pidFile, StandardCharsets.UTF_8));
    first.stop();
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    lines.set(0, Long.toString(finished.pid()));
    Files.write(pidFile, lines, StandardCharsets.UTF_8);

    EmbeddedPostgres second = start();

    assertThat(queryOne(second, "SELECT 1")).isEqualTo("1");
  }

  @Test
  void stopsAServerLeftRunningByAnEarlierRunAndStartsAgain() throws Exception {
    EmbeddedPostgres earlier = start();
    long earlierPostmaster = postmasterPid();
    earlier.abandon();

    EmbeddedPostgres current = start();

    assertThat(isRunning(earlierPostmaster)).isFalse();
    assertThat(postmasterPid()).isNotEqualTo(earlierPostmaster);
    assertThat(queryOne(current, "SELECT 1")).isEqualTo("1");
  }

  @Test
  void refusesToStartTwiceOnOneDataDirectory() {
    start();

    assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir))
        .isInstanceOf(EmbeddedPostgresException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void stopIsIdempotentAndReleasesTheDataDirectory() throws Exception {
    EmbeddedPostgres pg = start();
    pg.stop();
    pg.stop();

    assertThat(Files.exists(dataDir.toRealPath().resolve("pg17/postmaster.pid"))).isFalse();
    assertThat(queryOne(start(), "SELECT 2")).isEqualTo("2");
  }

  @Test
  void explainsAPrivateParentFolderWhenRunningAsRoot(@TempDir Path privateFolder) {
    Path inside = privateFolder.resolve("data");
    boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    assertThat(EmbeddedPostgres.canRunFrom(inside)).isEqualTo(!root);
    if (root) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(inside))
          .isInstanceOf(EmbeddedPostgresException.class)
          .hasMessageContaining("SEN_DATA_DIR")
          .hasMessageContaining(privateFolder.toString());
    }
  }

  /** Alive and not a zombie: an orphaned postmaster may wait a while for its new parent to reap it. */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  private long postmasterPid() throws Exception {
    Path pidFile = dataDir.toRealPath().resolve("pg17/postmaster.pid");
    return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
  }
}
