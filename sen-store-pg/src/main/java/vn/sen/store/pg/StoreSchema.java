package vn.sen.store.pg;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a database to the store's current schema with Flyway (migrations in {@code db/migration}). */
public final class StoreSchema {
  private StoreSchema() {}

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
