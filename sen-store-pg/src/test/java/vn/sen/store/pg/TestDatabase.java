package vn.sen.store.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * A fresh PostgreSQL database for one test class, on one embedded PostgreSQL 17 server shared by the whole
 * test JVM (started on first use, stopped by its shutdown hook when the JVM exits).
 *
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void database() { db = TestDatabase.create(MyStoreTest.class); }
 * @AfterAll static void dropDatabase() { db.close(); }
 * ... new PostgresFhirRepository(db.dataSource(), ...)
 * }</pre>
 *
 * <p>The server's data directory is {@code target/embedded-pg} of the module under test (when running as
 * root and that folder is not reachable by {@code nobody}, a folder under {@code java.io.tmpdir}). Settings
 * trade durability for speed ({@code fsync=off}); that is fine for throw-away test data only.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static @Nullable EmbeddedPostgres server;

  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(String name, HikariDataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  /** The shared server of this JVM, started on first call. */
  public static EmbeddedPostgres server() {
    synchronized (LOCK) {
      EmbeddedPostgres running = server;
      if (running == null) {
        running = EmbeddedPostgres.builder(dataDir())
            .setting("fsync", "off")
            .setting("synchronous_commit", "off")
            .setting("full_page_writes", "off")
            .setting("shared_buffers", "128MB")
            .start();
        server = running;
      }
      return running;
    }
  }

  /** Creates an empty database named after {@code testClass} (plus a unique suffix) with a pool on it. */
  public static TestDatabase create(Class<?> testClass) {
    EmbeddedPostgres pg = server();
    String name = uniqueName(testClass);
    try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl(name));
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setPoolName("test-" + name);
    return new TestDatabase(name, new HikariDataSource(config));
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return server().jdbcUrl(name);
  }

  public String user() {
    return server().user();
  }

  public String password() {
    return server().password();
  }

  /** Closes the pool and drops the database. */
  @Override
  public void close() {
    dataSource.close();
    try (Connection c = server().connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  private static String uniqueName(Class<?> testClass) {
    String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return "t_" + base + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static Path dataDir() {
    Path local = Path.of("target", "embedded-pg").toAbsolutePath();
    if (EmbeddedPostgres.canRunFrom(local)) {
      return local;
    }
    String key = Integer.toHexString(local.toString().hashCode());
    return Path.of(System.getProperty("java.io.tmpdir"), "sen-embedded-pg-" + key);
  }
}
