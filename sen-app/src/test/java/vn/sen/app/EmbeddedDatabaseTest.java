package vn.sen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/** The path {@code ./sen serve} takes when no SEN_DATABASE_URL is set, without the web server. */
class EmbeddedDatabaseTest {

  private static Path dataDir() {
    Path local = Path.of("target", "sen-embedded-test").toAbsolutePath();
    return EmbeddedPostgres.canRunFrom(local)
        ? local
        : Path.of(System.getProperty("java.io.tmpdir"), "sen-embedded-test-" + Integer.toHexString(local.hashCode()));
  }

  /** The cluster outlives test runs (initdb is slow); the database must not, or old migrations linger. */
  @BeforeAll
  static void dropTheDatabaseOfEarlierRuns() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir());
        Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + EmbeddedPostgres.DATABASE + " WITH (FORCE)");
    }
  }

  @Test
  void withoutAnExternalUrlStartsEmbeddedPostgresMigratesAndStopsOnClose() throws Exception {
    SenProperties properties = new SenProperties(dataDir(), new SenProperties.Database("", "", ""),
        DataSize.ofMegabytes(20), "", false);
    DatabaseConfiguration configuration = new DatabaseConfiguration();

    DatabaseConnection connection = configuration.databaseConnection(properties, false);
    try {
      assertThat(connection.isEmbedded()).isTrue();
      try (var dataSource = configuration.dataSource(connection)) {
        DatabaseConfiguration.SchemaMigration migrated = configuration.schemaMigration(dataSource);
        assertThat(migrated.version()).isNotBlank();
        try (Connection c = dataSource.getConnection();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
          rs.next();
          assertThat(rs.getInt(1)).isPositive();
        }
      }
    } finally {
      connection.close();
    }
    assertThat(Files.exists(dataDir().toRealPath().resolve("pg17/postmaster.pid"))).isFalse();
  }
}
