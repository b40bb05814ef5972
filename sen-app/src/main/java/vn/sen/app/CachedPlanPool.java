package vn.sen.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * A small pool beside the store's, on the same database with the same credentials and statement timeout, whose
 * sessions keep PostgreSQL's default plan caching. The store's sessions force a custom plan for every
 * execution ({@link DatabaseConfiguration}: search values are very skewed), which re-plans statements of one
 * fixed shape on every call too: a read by id was planned in 42 µs and executed in 16 µs
 * (pg_stat_statements with track_planning, docs/benchmarks.md). Such statements run on a pool like this
 * one, where PostgreSQL settles on the generic plan after five executions.
 */
public final class CachedPlanPool implements AutoCloseable {
  private final DataSource dataSource;
  private final boolean owned;

  private CachedPlanPool(DataSource dataSource, boolean owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /**
   * A pool of at most {@code size} connections beside {@code store}; {@code store} itself when it is not a
   * HikariCP pool (tests hand in plain data sources).
   */
  public static CachedPlanPool beside(DataSource store, String name, int size) {
    if (!(store instanceof HikariDataSource hikari)) {
      return new CachedPlanPool(store, false);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(hikari.getJdbcUrl());
    config.setUsername(hikari.getUsername());
    config.setPassword(hikari.getPassword());
    String options = hikari.getDataSourceProperties().getProperty("options", "");
    config.addDataSourceProperty("options", options.replace("plan_cache_mode=force_custom_plan", "plan_cache_mode=auto"));
    config.setMaximumPoolSize(size);
    config.setPoolName(name);
    return new CachedPlanPool(new HikariDataSource(config), true);
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
