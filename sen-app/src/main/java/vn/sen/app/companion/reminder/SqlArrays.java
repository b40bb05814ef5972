package vn.sen.app.companion.reminder;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Batch parameters as PostgreSQL arrays, so that a batch is one statement ({@code unnest(?::text[], …)}).
 * Instants travel as epoch milliseconds ({@code bigint[]}) and become timestamptz in SQL through
 * {@link #TIME}: exact, and independent of the JVM's and the session's time zones.
 */
final class SqlArrays {
  /** SQL turning an epoch-millisecond column {@code x} into timestamptz: {@code TIME.formatted("x")}. */
  static final String TIME = "(timestamptz 'epoch' + %s * interval '1 millisecond')";

  private SqlArrays() {}

  static Array texts(Connection c, Collection<@Nullable String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  static Array longs(Connection c, Collection<Long> values) throws SQLException {
    return c.createArrayOf("bigint", values.toArray());
  }

  static Array ints(Connection c, Collection<Integer> values) throws SQLException {
    return c.createArrayOf("integer", values.toArray());
  }

  static Array millis(Connection c, Collection<@Nullable Instant> values) throws SQLException {
    return c.createArrayOf("bigint", values.stream().map(i -> i == null ? null : i.toEpochMilli()).toArray());
  }

  static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static List<String> textList(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    if (array == null) {
      return List.of();
    }
    return List.of((String[]) array.getArray());
  }
}
