package vn.sen.app.platform.audit;

import javax.sql.DataSource;
import vn.sen.app.CachedPlanPool;

/**
 * The trail's own small pool beside the store's, on the same database: staging and chaining entries never
 * wait behind searches for a connection, and its sessions keep PostgreSQL's default plan caching
 * ({@link CachedPlanPool}), so the trail's one-shape INSERTs are not re-planned thousands of times a second.
 */
public final class AuditConnections implements AutoCloseable {
  private static final int POOL_SIZE = 4;
  private final CachedPlanPool pool;

  private AuditConnections(CachedPlanPool pool) {
    this.pool = pool;
  }

  /** A pool on the database of {@code store}'s pool; {@code store} itself when it is not a HikariCP pool. */
  public static AuditConnections beside(DataSource store) {
    return new AuditConnections(CachedPlanPool.beside(store, "sen-audit", POOL_SIZE));
  }

  public DataSource dataSource() {
    return pool.dataSource();
  }

  @Override
  public void close() {
    pool.close();
  }
}
