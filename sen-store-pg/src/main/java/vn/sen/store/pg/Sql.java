package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * SQL text assembled from fixed fragments chosen by the parsed query, with every value bound as a
 * parameter: nothing a client sends is ever spliced into the text.
 */
final class Sql {
  private final StringBuilder text = new StringBuilder(256);
  private final List<@Nullable Object> params = new ArrayList<>();

  Sql append(String fragment) {
    text.append(fragment);
    return this;
  }

  /** Appends {@code ?} and binds {@code value}. */
  Sql bind(@Nullable Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends {@code ?::type[]} bound to an array of {@code values}. */
  Sql bindArray(String type, List<?> values) {
    text.append("?::").append(type).append("[]");
    params.add(new ArrayParam(type, values.toArray()));
    return this;
  }

  /** The same statement under {@code EXPLAIN (ANALYZE, BUFFERS)}, to see its plan. */
  Sql explainAnalyze() {
    Sql explained = new Sql().append("explain (analyze, buffers) ").append(text.toString());
    explained.params.addAll(params);
    return explained;
  }

  String text() {
    return text.toString();
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(text.toString());
    try {
      for (int i = 0; i < params.size(); i++) {
        Object value = params.get(i);
        if (value instanceof ArrayParam array) {
          ps.setArray(i + 1, connection.createArrayOf(array.type(), array.values()));
        } else {
          ps.setObject(i + 1, value);
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private record ArrayParam(String type, Object[] values) {}
}
