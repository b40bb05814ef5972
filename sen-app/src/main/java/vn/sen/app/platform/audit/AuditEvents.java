package vn.sen.app.platform.audit;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import vn.sen.app.platform.policy.AuditEventSource;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.TotalMode;

/**
 * The audit trail, read-only, as FHIR AuditEvent resources ({@code id} = the entry's sequence number),
 * searchable by patient, agent, date, entity, action, outcome and {@code _id}, newest first, paged with
 * {@code _count}. With {@code onlyPatient} it is a patient's "who looked at my record".
 */
public final class AuditEvents implements AuditEventSource {
  private final DataSource dataSource;
  private final AuditEventMapper mapper;
  private final Runnable catchUp;

  public AuditEvents(DataSource dataSource, FhirContext context) {
    this(dataSource, context, () -> { });
  }

  /**
   * @param catchUp run before each search and read, so that they see every access recorded before them
   *     (the trail's {@link AuditTrail#flush}: staged entries reach the trail within moments)
   */
  public AuditEvents(DataSource dataSource, FhirContext context, Runnable catchUp) {
    this.dataSource = dataSource;
    this.mapper = new AuditEventMapper(context);
    this.catchUp = catchUp;
  }

  @Override
  public SearchResult search(SearchQuery query, @Nullable String onlyPatient) {
    catchUp.run();
    AuditSearchSql where = AuditSearchSql.of(query, onlyPatient);
    try (Connection c = dataSource.getConnection()) {
      Long total = query.total() == TotalMode.NONE && !query.summaryCount() ? null : count(c, where);
      if (query.summaryCount()) {
        return new SearchResult(List.of(), total, false);
      }
      List<SearchMatch> entries = new ArrayList<>();
      boolean hasNext = false;
      try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditChain.ROW_COLUMNS + " FROM audit_entry WHERE "
          + where.sql() + " ORDER BY seq " + (where.ascending() ? "ASC" : "DESC") + " LIMIT ? OFFSET ?")) {
        int p = where.bind(ps, c);
        ps.setInt(p++, query.count() + 1);
        ps.setInt(p, query.offset());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (entries.size() == query.count()) {
              hasNext = true;
              break;
            }
            entries.add(new SearchMatch(mapper.stored(AuditChain.row(rs), onlyPatient), false));
          }
        }
      }
      return new SearchResult(entries, total, hasNext);
    } catch (SQLException e) {
      throw new FhirException(ErrorCode.INTERNAL, "the audit trail could not be searched", e);
    }
  }

  private static long count(Connection c, AuditSearchSql where) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_entry WHERE " + where.sql())) {
      where.bind(ps, c);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The event unmasked, as auditors see it; its patient is set only when it concerns exactly one. */
  @Override
  public Optional<StoredResource> read(String id) {
    return read(id, null);
  }

  /**
   * The event as {@code onlyPatient} may see it (see {@link #search}), or empty if it does not concern
   * them; unmasked when {@code onlyPatient} is null.
   */
  @Override
  public Optional<StoredResource> read(String id, @Nullable String onlyPatient) {
    long seq;
    try {
      seq = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + AuditChain.ROW_COLUMNS + " FROM audit_entry WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        AuditChain.Row link = AuditChain.row(rs);
        if (onlyPatient != null && !link.entry().patients().contains(onlyPatient)) {
          return Optional.empty();
        }
        return Optional.of(mapper.stored(link, onlyPatient));
      }
    } catch (SQLException e) {
      throw new FhirException(ErrorCode.INTERNAL, "the audit trail could not be read", e);
    }
  }
}
