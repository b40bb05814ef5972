package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.access.AccessFact;

/**
 * The access facts of the resources written in one unit of work, kept in step with their current versions:
 * the facts of a resource that is updated or deleted are removed, the facts of its new version added. Like
 * {@link IndexBuffer}, written with one statement per table at each flush; removals go first, and a unit of
 * work flushes before every update or delete, so one flush never holds two versions of one resource.
 */
final class FactBuffer {
  private static final String[] REMOVE = {
      "delete from access_relation where src = any(?::bigint[])",
      "delete from access_local where src = any(?::bigint[])",
      "delete from access_label where src = any(?::bigint[])"};
  private static final String INSERT_RELATIONS = """
      insert into access_relation (src, pat, party, expires)
      select src, pat, party, to_timestamp(ms / 1000.0)
        from unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[]) as n(src, pat, party, ms)""";
  private static final String INSERT_LOCAL = """
      insert into access_local (src, pat, orgs)
      select src, pat, string_to_array(orgs, chr(31)) from unnest(?::bigint[], ?::text[], ?::text[]) as n(src, pat, orgs)""";
  private static final String INSERT_LABELS = """
      insert into access_label (src, pat, h_code, h_sys, roles)
      select src, pat, h_code, h_sys, string_to_array(roles, chr(31))
        from unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) as n(src, pat, h_code, h_sys, roles)""";
  /** Separates the members of a set in one text value; never part of a reference or a role code. */
  private static final String SEPARATOR = String.valueOf((char) 31);

  private final List<Long> removed = new ArrayList<>();
  private final List<Object[]> relations = new ArrayList<>();
  private final List<Object[]> locals = new ArrayList<>();
  private final List<Object[]> labels = new ArrayList<>();

  /** The facts the resource {@code src} stated before are gone (it is updated or deleted). */
  void remove(long src) {
    removed.add(src);
  }

  void add(long src, List<AccessFact> facts) {
    for (AccessFact fact : facts) {
      switch (fact) {
        case AccessFact.CareRelation r -> relations.add(new Object[] {src, r.patient(), r.party(),
            r.expires() == null ? null : r.expires().toEpochMilli()});
        case AccessFact.LocalOnly l -> locals.add(new Object[] {src, l.patient(), join(l.organizations())});
        case AccessFact.LabelRestriction b -> labels.add(new Object[] {src, b.patient(), Hashes.of(b.code()),
            Hashes.of(b.system()), join(b.roles())});
      }
    }
  }

  private static String join(Iterable<String> values) {
    return String.join(SEPARATOR, values);
  }

  void flush(Connection connection) throws SQLException {
    if (!removed.isEmpty()) {
      for (String sql : REMOVE) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
          ps.setArray(1, connection.createArrayOf("bigint", removed.toArray()));
          ps.executeUpdate();
        }
      }
      removed.clear();
    }
    insert(connection, INSERT_RELATIONS, relations, "bigint", "text", "text", "bigint");
    insert(connection, INSERT_LOCAL, locals, "bigint", "text", "text");
    insert(connection, INSERT_LABELS, labels, "bigint", "text", "bigint", "bigint", "text");
  }

  private static void insert(Connection connection, String sql, List<Object[]> rows, String... types)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int column = 0; column < types.length; column++) {
        @Nullable Object[] values = new Object[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
          values[row] = rows.get(row)[column];
        }
        ps.setArray(column + 1, connection.createArrayOf(types[column], values));
      }
      ps.executeUpdate();
    }
    rows.clear();
  }
}
