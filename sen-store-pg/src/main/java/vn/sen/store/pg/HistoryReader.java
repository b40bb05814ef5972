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
 * first, with {@code _since} and {@code _at}.
 *
 * @see <a href="https://hl7.org/fhir/R4/http.html#history">R4 history</a>
 */
final class HistoryReader {

  HistoryResult read(Connection connection, HistoryQuery query) throws SQLException {
    Sql versions = new Sql();
    versions.append("select rid, rtype, id, ver, updated, deleted, body from resource where ");
    filters(versions, query);
    versions.append(" union all select rid, rtype, id, ver, updated, deleted, body from resource_history where ");
    filters(versions, query);

    Sql sql = new Sql();
    if (query.at() != null) {
      sql.append("select * from (select distinct on (rid) * from (").append(versions.text());
      sql.append(") v where updated <= ? order by rid, ver desc) a");
    } else {
      sql.append("select * from (").append(versions.text()).append(") v");
    }
    sql.append(" order by updated desc, rid desc, ver desc limit ? offset ?");

    List<StoredResource> page = new ArrayList<>();
    boolean hasNext;
    try (PreparedStatement ps = connection.prepareStatement(sql.text())) {
      int i = bind(ps, 1, query);
      i = bind(ps, i, query);
      if (query.at() != null) {
        ps.setTimestamp(i++, Timestamp.from(query.at()));
      }
      ps.setInt(i++, query.count() + 1);
      ps.setInt(i, query.offset());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(Rows.row(rs).resource());
        }
      }
    }
    hasNext = page.size() > query.count();
    if (hasNext) {
      page = page.subList(0, query.count());
    }
    Long total = !hasNext && query.offset() == 0 ? (long) page.size() : null;
    return new HistoryResult(page, total, hasNext);
  }

  private static void filters(Sql sql, HistoryQuery query) {
    sql.append("true");
    if (query.type() != null && query.id() != null) {
      sql.append(" and rid = (select rid from resource where rtype = ? and id = ?)");
    } else if (query.type() != null) {
      sql.append(" and rtype = ?");
    }
    if (query.since() != null) {
      sql.append(" and updated >= ?");
    }
  }

  private static int bind(PreparedStatement ps, int start, HistoryQuery query) throws SQLException {
    int i = start;
    if (query.type() != null) {
      ps.setString(i++, query.type());
      if (query.id() != null) {
        ps.setString(i++, query.id());
      }
    }
    if (query.since() != null) {
      ps.setTimestamp(i++, Timestamp.from(query.since()));
    }
    return i;
  }
}
