package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Work done in the same database transaction as a unit of work's writes, just before it commits: the
 * audit entry that describes the writes, for instance. If a hook fails, the whole unit of work rolls back
 * and nothing it wrote remains. Hooks run in registration order on the unit's thread.
 */
@FunctionalInterface
public interface CommitHook {

  /**
   * @param connection the transaction's connection; use it, never commit, roll back or close it
   * @param changes what the unit of work wrote, in order; empty when it wrote nothing (hooks that only
   *     describe writes should then do nothing)
   */
  void beforeCommit(Connection connection, List<Change> changes) throws SQLException;

  /**
   * One resource version written by the unit of work.
   *
   * @param patient the patient whose compartment holds the version written (for a delete: held the
   *     deleted version), null if none
   */
  record Change(Kind kind, String type, String id, long version, @Nullable String patient) {}

  /** What happened to the resource. */
  enum Kind { CREATE, UPDATE, DELETE }
}
