package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SortSpec;

/**
 * An AuditEvent search as a WHERE clause over {@code audit_entry}: fixed SQL fragments, the client's values
 * only as bind parameters. Values of one parameter are ORed, parameters ANDed.
 */
record AuditSearchSql(String sql, List<Object> params, boolean ascending) {
  static final String SUPPORTED = "patient, agent, date, entity, action, outcome, _id";
  /** Who acted in an entry: the expression of index {@code audit_entry_agents_idx} (V12). */
  static final String AGENTS = "ARRAY[fhir_user, on_behalf_of, organization]";

  /** The R4 action code of a row, as {@link AuditEventMapper#actionCode} computes it. */
  private static final String ACTION_CODE = AuditEventMapper.ACTION_CODES.entrySet().stream()
      .collect(Collectors.groupingBy(Map.Entry::getValue,
          Collectors.mapping(Map.Entry::getKey, Collectors.toList())))
      .entrySet().stream()
      .map(e -> "WHEN action IN (" + e.getValue().stream().sorted().map(a -> "'" + a + "'")
          .collect(Collectors.joining(",")) + ") THEN '" + e.getKey() + "'")
      .sorted()
      .collect(Collectors.joining(" ", "(CASE ", " ELSE 'E' END)"));
  private static final String OUTCOME_CODE =
      "(CASE outcome WHEN 'success' THEN '0' WHEN 'denied' THEN '4' ELSE '8' END)";

  static AuditSearchSql of(SearchQuery query, @Nullable String onlyPatient) {
    if (!query.includes().isEmpty() || !query.revIncludes().isEmpty()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "AuditEvent searches support no _include or _revinclude");
    }
    boolean ascending = false;
    for (SortSpec s : query.sort()) {
      if (!s.param().code().equals("date")) {
        throw new FhirException(ErrorCode.INVALID_REQUEST, "AuditEvent searches sort by date only", "_sort");
      }
      ascending = !s.descending();
    }
    List<String> and = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    and.add("true");
    if (onlyPatient != null) {
      and.add("patients && ?");
      params.add(new String[] {onlyPatient});
    }
    for (Criterion criterion : query.criteria()) {
      if (!(criterion instanceof Criterion.Param p) || p.modifier() != Modifier.NONE && p.modifier() != Modifier.TYPE) {
        throw unsupported();
      }
      List<String> or = new ArrayList<>();
      for (SearchArg arg : p.anyOf()) {
        or.add(fragment(p.param().code(), arg, params));
      }
      and.add(or.stream().collect(Collectors.joining(" OR ", "(", ")")));
    }
    return new AuditSearchSql(String.join(" AND ", and), params, ascending);
  }

  private static String fragment(String code, SearchArg arg, List<Object> params) {
    switch (code) {
      case "patient" -> {
        if (arg instanceof SearchArg.Reference r && r.id() != null && (r.type() == null || r.type().equals("Patient"))) {
          params.add(new String[] {r.id()});
          return "patients && ?";
        }
        return "false";
      }
      case "agent" -> {
        if (arg instanceof SearchArg.Reference r && r.id() != null) {
          if (r.type() == null) {
            params.add(r.id());
            params.add(r.id());
            params.add(r.id());
            return "(split_part(fhir_user, '/', 2) = ? OR split_part(on_behalf_of, '/', 2) = ?"
                + " OR split_part(organization, '/', 2) = ?)";
          }
          params.add(new String[] {r.type() + "/" + r.id()});
          return AGENTS + " && ?";
        }
        return "false";
      }
      case "entity" -> {
        if (arg instanceof SearchArg.Reference r && r.id() != null) {
          if (r.type() == null) {
            params.add(r.id());
            params.add(r.id());
            params.add(new String[] {r.id()});
            return "(EXISTS (SELECT 1 FROM unnest(entity_keys) k WHERE split_part(k, '/', 2) = ?)"
                + " OR (entity_keys IS NULL"
                + " AND EXISTS (SELECT 1 FROM unnest(audit_entity_keys(entities)) k WHERE split_part(k, '/', 2) = ?))"
                + " OR patients && ?)";
          }
          String[] key = {r.type() + "/" + r.id()};
          params.add(key);
          params.add(key);
          // sealed entries carry their keys; links written before V10 derive them (V10)
          String entities = "(entity_keys && ? OR (entity_keys IS NULL AND audit_entity_keys(entities) && ?))";
          if (r.type().equals("Patient")) {
            params.add(new String[] {r.id()});
            return "(" + entities + " OR patients && ?)";
          }
          return entities;
        }
        return "false";
      }
      case "date" -> {
        if (arg instanceof SearchArg.Date d) {
          return date(d, params);
        }
        throw unsupported();
      }
      case "action" -> {
        return token(arg, ACTION_CODE, params);
      }
      case "outcome" -> {
        return token(arg, OUTCOME_CODE, params);
      }
      case "_id" -> {
        if (arg instanceof SearchArg.Token t && t.code() != null && t.code().matches("\\d{1,18}")) {
          params.add(Long.parseLong(t.code()));
          return "seq = ?";
        }
        return "false";
      }
      default -> throw unsupported();
    }
  }

  private static String token(SearchArg arg, String column, List<Object> params) {
    if (arg instanceof SearchArg.Token t && t.code() != null) {
      params.add(t.code());
      return column + " = ?";
    }
    throw unsupported();
  }

  private static String date(SearchArg.Date d, List<Object> params) {
    Timestamp low = Timestamp.from(Instant.ofEpochMilli(d.low()));
    // high is the last millisecond of the value's precision; entries are recorded to the microsecond
    Timestamp afterHigh = Timestamp.from(Instant.ofEpochMilli(d.high() + 1));
    return switch (d.prefix()) {
      case EQ, AP -> {
        params.add(low);
        params.add(afterHigh);
        yield "(recorded >= ? AND recorded < ?)";
      }
      case NE -> {
        params.add(low);
        params.add(afterHigh);
        yield "(recorded < ? OR recorded >= ?)";
      }
      case GE -> {
        params.add(low);
        yield "recorded >= ?";
      }
      case GT, SA -> {
        params.add(afterHigh);
        yield "recorded >= ?";
      }
      case LE -> {
        params.add(afterHigh);
        yield "recorded < ?";
      }
      case LT, EB -> {
        params.add(low);
        yield "recorded < ?";
      }
    };
  }

  /** Binds the parameters from 1; returns the next free index. */
  int bind(PreparedStatement ps, Connection c) throws SQLException {
    int i = 1;
    for (Object p : params) {
      if (p instanceof String[] values) {
        ps.setArray(i++, c.createArrayOf("text", values));
      } else {
        ps.setObject(i++, p);
      }
    }
    return i;
  }

  private static FhirException unsupported() {
    return new FhirException(ErrorCode.INVALID_REQUEST, "AuditEvent searches support " + SUPPORTED
        + " (references and dates without modifiers)");
  }
}
