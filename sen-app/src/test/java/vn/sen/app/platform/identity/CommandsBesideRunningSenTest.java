package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import vn.sen.app.cli.ModuleCommand;
import vn.sen.app.platform.audit.AuditCommand;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * {@code ./sen user …} and {@code ./sen audit verify} on the embedded database work while Sen runs (they
 * use the running server, whose data directory is locked), and start a server of their own when none runs.
 * The commands find the data directory as {@code ./sen} does ({@code sen.data-dir}, here a system property
 * standing in for {@code SEN_DATA_DIR}).
 */
class CommandsBesideRunningSenTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void userAndAuditCommandsUseTheRunningServerAndStartTheirOwnWhenNoneRuns() throws Exception {
    Path dir = dataDir();
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    String before = System.getProperty("sen.data-dir");
    System.setProperty("sen.data-dir", dir.toString());
    try {
      // a running Sen's database: this process holds the data directory's lock, as a running Sen does
      try (EmbeddedPostgres running = EmbeddedPostgres.start(dir)) {
        freshDatabase(running);
        assertThat(EmbeddedPostgres.running(dir)).hasValueSatisfying(r -> assertThat(r.port()).isEqualTo(running.port()));

        ModuleCommand user = new IdentityCommands.User(IdentityCli.CONFIGURED,
            new ByteArrayInputStream("a long secret pass\n".getBytes(StandardCharsets.UTF_8)), Map.of());
        assertThat(run(user, "add", name, "--role", "nurse")).as(text(err)).isZero();
        try (Connection c = running.connect(EmbeddedPostgres.DATABASE);
            PreparedStatement ps = c.prepareStatement("select roles from identity_user where username = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("nurse");
          }
        }
        assertThat(run(new AuditCommand(), "verify")).as(text(err)).isZero();
        assertThat(text(out)).contains("Audit trail intact");
      }
      assertThat(EmbeddedPostgres.running(dir)).isEmpty();

      // no Sen running: the command starts the embedded server itself, as before, and stops it again
      out.reset();
      ModuleCommand list = new IdentityCommands.User(IdentityCli.CONFIGURED, new ByteArrayInputStream(new byte[0]),
          Map.of());
      assertThat(run(list, "list")).as(text(err)).isZero();
      assertThat(text(out)).contains(name);
      assertThat(Files.exists(dir.toRealPath().resolve("pg17/postmaster.pid"))).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty("sen.data-dir");
      } else {
        System.setProperty("sen.data-dir", before);
      }
    }
  }

  /** The cluster outlives test runs (initdb is slow); the database must not. */
  private static void freshDatabase(EmbeddedPostgres pg) throws Exception {
    try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + EmbeddedPostgres.DATABASE + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + EmbeddedPostgres.DATABASE);
    }
  }

  private static Path dataDir() {
    Path local = Path.of("target", "sen-attach-test").toAbsolutePath();
    return EmbeddedPostgres.canRunFrom(local)
        ? local
        : Path.of(System.getProperty("java.io.tmpdir"), "sen-attach-test-" + Integer.toHexString(local.hashCode()));
  }

  private int run(ModuleCommand command, String... args) {
    return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
