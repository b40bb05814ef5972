package vn.sen.store.pg;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import vn.sen.fhir.core.StoredResource;

/** Reads resource rows ({@code rid, rtype, id, ver, updated, deleted, body, pat}) into stored resources. */
final class Rows {
  private Rows() {}

  record Row(long rid, StoredResource resource) {}

  static Row row(ResultSet rs) throws SQLException {
    byte[] body = rs.getBytes(7);
    StoredResource resource = new StoredResource(
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getTimestamp(5).toInstant(),
        rs.getBoolean(6),
        body == null ? new byte[0] : BodyCodec.decode(body),
        rs.getString(8));
    return new Row(rs.getLong(1), resource);
  }

  static List<Row> all(ResultSet rs) throws SQLException {
    List<Row> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(row(rs));
    }
    return rows;
  }
}
