package vn.sen.app.companion.risk;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;

/** Trained models in {@code companion_risk_model} (V6): each training run adds a version; the latest is used. */
final class RiskModelStore {
  /** A stored model with its version and the metrics recorded when it was trained. */
  record Stored(long version, Instant trainedAt, LocalDate asOf, int rows, RiskModel model, String metricsJson) {}

  private final DataSource dataSource;

  RiskModelStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  long save(RiskModel model, String metricsJson, LocalDate asOf, int rows, Instant trainedAt) {
    String sql = """
        insert into companion_risk_model (trained_at, as_of, rows_trained, model, metrics)
        values (?, ?, ?, ?::jsonb, ?::jsonb) returning version""";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(trainedAt));
      s.setDate(2, Date.valueOf(asOf));
      s.setInt(3, rows);
      s.setString(4, model.toJson());
      s.setString(5, metricsJson);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the risk model", e);
    }
  }

  Optional<Stored> latest() {
    String sql = """
        select version, trained_at, as_of, rows_trained, model::text, metrics::text
        from companion_risk_model order by version desc limit 1""";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new Stored(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getDate(3).toLocalDate(),
          rs.getInt(4), RiskModel.fromJson(rs.getString(5)), rs.getString(6)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the risk model", e);
    }
  }
}
