package vn.sen.app.platform.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The trail's own small pool beside the store's, on the same database: staging and chaining entries never
 * wait behind searches for a connection, and its sessions keep PostgreSQL's default plan caching. The
 * store's sessions force a custom plan for every execution (search values are very skewed), which would
 * re-plan the trail's one-shape INSERTs each time, thousands of times a second under load.
 */
public final class AuditConnections implements AutoCloseable {
  private static final int POOL_SIZE = 4;
  private final DataSource dataSource;
  private final boolean owned;

  private AuditConnections(DataSource dataSource, boolean owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /**
   * A pool on the database of {@code store}'s pool, with the same credentials and statement timeout;
   * {@code store} itself when it is not a HikariCP pool (tests hand in plain data sources).
   */
  public static AuditConnections beside(DataSource store) {
    if (!(store instanceof HikariDataSource hikari)) {
      return new AuditConnections(store, false);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(hikari.getJdbcUrl());
    config.setUsername(hikari.getUsername());
    config.setPassword(hikari.getPassword());
    String options = hikari.getDataSourceProperties().getProperty("options", "");
    config.addDataSourceProperty("options", options.replace("plan_cache_mode=force_custom_plan", "plan_cache_mode=auto"));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName("sen-audit");
    return new AuditConnections(new HikariDataSource(config), true);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (owned && dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
