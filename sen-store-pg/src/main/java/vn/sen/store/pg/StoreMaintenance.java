package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes index rows of superseded versions. Index rows are append-only (an update adds the new
 * version's rows and queries ignore the old ones), so after many updates the index tables carry dead
 * rows; compaction deletes them table by table, each in its own short transaction.
 */
public final class StoreMaintenance {
  private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
  private static final List<String> INDEX_TABLES = List.of("idx_token", "idx_string", "idx_date", "idx_number",
      "idx_quantity", "idx_ref", "idx_uri", "idx_composite");

  private StoreMaintenance() {}

  /** Deletes stale index rows; returns how many were removed. */
  public static long compact(DataSource dataSource) {
    long removed = 0;
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String table : INDEX_TABLES) {
        // a row is stale when its resource has moved to a newer version (a deletion is one: its marker
        // keeps only the security labels of what it deleted, for the access filter); rows of resources
        // being updated concurrently are safe: their new rows carry the new version, which commits
        // together with the resource row
        int n = statement.executeUpdate("delete from " + table + " i using resource r where r.rid = i.rid"
            + " and r.ver <> i.ver");
        log.info("Compacted {}: {} stale rows removed", table, n);
        removed += n;
      }
      return removed;
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }
}
