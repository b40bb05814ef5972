package vn.sen.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for Sen: the external server named by {@code SEN_DATABASE_URL}, else the embedded
 * PostgreSQL 17 in {@code SEN_DATA_DIR}; a HikariCP pool on it; the schema migrated by Flyway from
 * {@code classpath:db/migration} before anything uses the pool.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
  /** PostgreSQL 15 is the oldest server the store's SQL is written for. */
  static final int MIN_SERVER_VERSION_NUM = 150000;
  private static final int POOL_SIZE = 16;
  /**
   * Also binds Flyway, which migrates through this pool: a migration that may run long on a big database
   * (an index rebuilt, a table rewritten) starts with {@code SET LOCAL statement_timeout = 0} (V9).
   */
  private static final int STATEMENT_TIMEOUT_SECONDS = 30;

  /**
   * @param attachRunning for command-line tools ({@code ./sen user}, {@code ./sen audit verify}): when a Sen
   *     runs on the embedded PostgreSQL of the data directory, use its server rather than start one (which
   *     the directory's lock forbids); {@code ./sen serve} never does
   */
  @Bean(destroyMethod = "close")
  public DatabaseConnection databaseConnection(SenProperties properties,
      @Value("${sen.database.attach-running:false}") boolean attachRunning) {
    SenProperties.Database db = properties.database();
    if (db.external()) {
      log.info("Using the external PostgreSQL at {}", db.url());
      return new DatabaseConnection(db.url(), db.user(), db.password(), null);
    }
    if (attachRunning) {
      Optional<EmbeddedPostgres.Running> running = EmbeddedPostgres.running(properties.dataDir());
      if (running.isPresent()) {
        log.info("Using the embedded PostgreSQL of the Sen running on {} (port {})", properties.dataDir(),
            running.get().port());
        return new DatabaseConnection(running.get().jdbcUrl(), running.get().user(), running.get().password(), null);
      }
    }
    // Spring stops it when the context closes (after the web server and the pool), also on SIGTERM.
    EmbeddedPostgres pg = EmbeddedPostgres.builder(properties.dataDir()).shutdownHook(false).start();
    return new DatabaseConnection(pg.jdbcUrl(), pg.user(), pg.password(), pg);
  }

  @Bean(destroyMethod = "close")
  public HikariDataSource dataSource(DatabaseConnection connection) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(connection.jdbcUrl());
    if (!connection.user().isBlank()) {
      config.setUsername(connection.user());
    }
    if (!connection.password().isBlank()) {
      config.setPassword(connection.password());
    }
    config.setMaximumPoolSize(POOL_SIZE);
    // Session settings, sent at connection start-up:
    // - statement_timeout: no single statement may hold a connection for long; a pathological search is
    //   cancelled and answered with a 4xx instead of starving the pool (SQLState 57014)
    // - plan_cache_mode: search values are very skewed (one patient has 100 observations, one code has
    //   millions), so a generic plan for a prepared search can be a thousand times slower than a plan for
    //   the actual values; measured: 10 ms → 2.4 s once the JDBC driver had prepared the statement
    config.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT_SECONDS + "s"
        + " -c plan_cache_mode=force_custom_plan");
    config.setPoolName("sen");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      checkServerVersion(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return dataSource;
  }

  @Bean
  public SchemaMigration schemaMigration(DataSource dataSource) {
    Flyway flyway = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(false)
        .load();
    int applied = flyway.migrate().migrationsExecuted;
    MigrationInfo current = flyway.info().current();
    String version = current == null || current.getVersion() == null ? "" : current.getVersion().getVersion();
    log.info("Database schema at version {} ({} migrations applied now)", version.isEmpty() ? "(none)" : version,
        applied);
    return new SchemaMigration(version);
  }

  private static void checkServerVersion(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      int version = Integer.parseInt(rs.getString(1));
      if (version < MIN_SERVER_VERSION_NUM) {
        throw new IllegalStateException("Sen needs PostgreSQL 15 or newer; the server at SEN_DATABASE_URL is "
            + version / 10000 + "." + version % 10000);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * Proof that the schema is migrated: beans that touch the store take it as a constructor argument so
   * that they are created only after Flyway has run.
   *
   * @param version the schema version after migration, blank when there are no migrations
   */
  public record SchemaMigration(String version) {}
}
