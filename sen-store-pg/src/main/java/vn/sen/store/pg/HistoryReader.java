package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.StoredResource;

/**
 * History at instance, type and system level: the current rows and the earlier versions, newest
 * first, with {@code _since} and {@code _at}. A caller held to an access filter sees the versions of the
 * resources whose current version (or deletion marker) it may see.
 *
 * @see <a href="https://hl7.org/fhir/R4/http.html#history">R4 history</a>
 */
final class HistoryReader {
  private static final String VERSION_COLUMNS = "rid, rtype, id, ver, updated, deleted, body, pat";

  private final AccessClause.Source access;

  HistoryReader(AccessClause.Source access) {
    this.access = access;
  }

  HistoryResult read(Connection connection, HistoryQuery query) throws SQLException {
    Sql sql = new Sql();
    if (query.at() != null) {
      sql.append("select v.* from (select distinct on (rid) * from (");
      versions(sql, query);
      sql.append(") a where updated <= ").bind(Timestamp.from(query.at())).append(" order by rid, ver desc) v");
    } else {
      sql.append("select v.* from (");
      versions(sql, query);
      sql.append(") v");
    }
    AccessClause visible = access.of(query.access());
    if (!visible.unrestricted()) {
      // judged on the current row: the versions of a resource are as visible as the resource
      sql.append(" join resource c on c.rid = v.rid");
      visible.restrict(sql, "c");
    }
    sql.append(" order by v.updated desc, v.rid desc, v.ver desc limit ").bind(query.count() + 1)
        .append(" offset ").bind(query.offset());

    List<StoredResource> page = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        page.add(Rows.row(rs).resource());
      }
    }
    boolean hasNext = page.size() > query.count();
    if (hasNext) {
      page = page.subList(0, query.count());
    }
    Long total = !hasNext && query.offset() == 0 ? (long) page.size() : null;
    return new HistoryResult(page, total, hasNext);
  }

  private static void versions(Sql sql, HistoryQuery query) {
    sql.append("select " + VERSION_COLUMNS + " from resource where ");
    filters(sql, query);
    sql.append(" union all select " + VERSION_COLUMNS + " from resource_history where ");
    filters(sql, query);
  }

  private static void filters(Sql sql, HistoryQuery query) {
    sql.append("true");
    if (query.type() != null && query.id() != null) {
      sql.append(" and rid = (select rid from resource where rtype = ").bind(query.type())
          .append(" and id = ").bind(query.id()).append(")");
    } else if (query.type() != null) {
      sql.append(" and rtype = ").bind(query.type());
    }
    if (query.since() != null) {
      sql.append(" and updated >= ").bind(Timestamp.from(query.since()));
    }
  }
}
