package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.search.IncludeSpec;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.TotalMode;

/**
 * Runs a compiled search on one connection: the page, the total when asked, then includes; each statement
 * held to the query's access filter.
 */
final class SearchExecutor {
  /** Most resources one page may add through _include/_revinclude. */
  static final int MAX_INCLUDES = 1000;
  private static final int MAX_ITERATIONS = 4;

  private final SearchParameterRegistry registry;
  private final SearchCompiler compiler;

  private final ParamLayout layout;
  private final AccessClause.Source access;

  SearchExecutor(SearchParameterRegistry registry, ParamLayout layout, AccessClause.Source access) {
    this.registry = registry;
    this.layout = layout;
    this.access = access;
    this.compiler = new SearchCompiler(registry, layout, access);
  }

  SearchResult search(Connection connection, SearchQuery query) throws SQLException {
    if (query.summaryCount()) {
      return new SearchResult(List.of(), count(connection, query), false);
    }
    List<Rows.Row> page;
    try (PreparedStatement ps = compiler.page(query).prepare(connection); ResultSet rs = ps.executeQuery()) {
      page = Rows.all(rs);
    }
    boolean hasNext = page.size() > query.count();
    if (hasNext) {
      page = page.subList(0, query.count());
    }
    Long total = query.total() == TotalMode.NONE ? null : count(connection, query);
    if (total == null && query.offset() == 0 && !hasNext) {
      total = (long) page.size();
    }
    List<SearchMatch> entries = new ArrayList<>(page.size());
    for (Rows.Row row : page) {
      entries.add(new SearchMatch(row.resource(), false));
    }
    if (!page.isEmpty() && (!query.includes().isEmpty() || !query.revIncludes().isEmpty())) {
      for (Rows.Row row : includes(connection, query, page)) {
        entries.add(new SearchMatch(row.resource(), true));
      }
    }
    return new SearchResult(entries, total, hasNext);
  }

  List<ResourceKey> match(Connection connection, SearchQuery query, int limit) throws SQLException {
    List<ResourceKey> keys = new ArrayList<>();
    try (PreparedStatement ps = compiler.matchIds(query, limit).prepare(connection);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        keys.add(new ResourceKey(rs.getString(1), rs.getString(2)));
      }
    }
    return keys;
  }

  private long count(Connection connection, SearchQuery query) throws SQLException {
    try (PreparedStatement ps = compiler.count(query).prepare(connection); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<Rows.Row> includes(Connection connection, SearchQuery query, List<Rows.Row> page)
      throws SQLException {
    Map<Long, Rows.Row> seen = new LinkedHashMap<>();
    page.forEach(r -> seen.put(r.rid(), r));
    List<Rows.Row> added = new ArrayList<>();
    AccessClause visible = access.of(query.access());
    List<Rows.Row> frontier = page;
    for (int iteration = 0; iteration < MAX_ITERATIONS && !frontier.isEmpty(); iteration++) {
      boolean first = iteration == 0;
      List<Rows.Row> found = new ArrayList<>();
      for (IncludeSpec spec : query.includes()) {
        if (first || spec.iterate()) {
          found.addAll(forward(connection, spec, frontier, visible));
        }
      }
      for (IncludeSpec spec : query.revIncludes()) {
        if (first || spec.iterate()) {
          found.addAll(reverse(connection, spec, frontier, visible));
        }
      }
      List<Rows.Row> fresh = new ArrayList<>();
      for (Rows.Row row : found) {
        if (seen.size() - page.size() >= MAX_INCLUDES) {
          break;
        }
        if (seen.putIfAbsent(row.rid(), row) == null) {
          fresh.add(row);
        }
      }
      added.addAll(fresh);
      frontier = fresh;
    }
    return added;
  }

  /**
   * Storage keys of the include's reference parameter, or of every reference parameter of its source
   * type(s). A parameter stored as another restricted to one target type (Observation.patient is
   * Observation.subject to a Patient) narrows the include to that type.
   */
  private IncludeKeys referenceParams(IncludeSpec spec) {
    List<SearchParamDef> defs = new ArrayList<>();
    if (spec.param() != null) {
      defs.add(spec.param());
    } else {
      Iterable<String> types = spec.sourceType().equals("*") ? registry.resourceTypes() : List.of(spec.sourceType());
      for (String type : types) {
        for (SearchParamDef def : registry.forType(type).values()) {
          if (def.type() == SearchParamType.REFERENCE) {
            defs.add(def);
          }
        }
      }
    }
    Set<Integer> keys = new LinkedHashSet<>();
    Set<String> targetTypes = new LinkedHashSet<>();
    boolean anyType = false;
    for (SearchParamDef def : defs) {
      for (ParamLayout.Slot slot : layout.slots(def)) {
        keys.add(slot.key());
        if (slot.targetType() == null) {
          anyType = true;
        } else {
          targetTypes.add(slot.targetType());
        }
      }
    }
    return new IncludeKeys(List.copyOf(keys), anyType ? null : spec.targetType() != null
        ? spec.targetType() : targetTypes.size() == 1 ? targetTypes.iterator().next() : null);
  }

  /** Keys to follow, and the one target type they are restricted to, if any. */
  private record IncludeKeys(List<Integer> keys, @Nullable String targetType) {}

  private List<Rows.Row> forward(Connection connection, IncludeSpec spec, List<Rows.Row> sources,
      AccessClause visible) throws SQLException {
    List<Long> rids = new ArrayList<>();
    for (Rows.Row row : sources) {
      if (spec.sourceType().equals("*") || row.resource().type().equals(spec.sourceType())) {
        rids.add(row.rid());
      }
    }
    if (rids.isEmpty()) {
      return List.of();
    }
    Sql sql = new Sql().append("select distinct ")
        .append(SearchCompiler.COLUMNS.replace("r.", "t."))
        .append(" from idx_ref x join resource src on src.rid = x.rid and src.ver = x.ver")
        .append(" join resource t on t.rtype = x.ttype and t.id = x.tid where x.rid = any(")
        .bindArray("bigint", rids);
    IncludeKeys follow = referenceParams(spec);
    sql.append(") and x.param = any(").bindArray("int", follow.keys()).append(") and not t.deleted");
    String targetType = spec.targetType() != null ? spec.targetType() : follow.targetType();
    if (targetType != null) {
      sql.append(" and x.ttype = ").bind(targetType);
    }
    visible.restrict(sql, "t");
    sql.append(" limit ").bind(MAX_INCLUDES);
    try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
      return Rows.all(rs);
    }
  }

  private List<Rows.Row> reverse(Connection connection, IncludeSpec spec, List<Rows.Row> targets,
      AccessClause visible) throws SQLException {
    Set<String> keys = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (Rows.Row row : targets) {
      if (spec.targetType() == null || spec.targetType().equals(row.resource().type())) {
        keys.add(row.resource().type() + "/" + row.resource().id());
        ids.add(row.resource().id());
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    Sql sql = new Sql().append("select distinct ")
        .append(SearchCompiler.COLUMNS.replace("r.", "s."))
        .append(", x.ttype, x.tid from idx_ref x join resource s on s.rid = x.rid and s.ver = x.ver")
        .append(" where x.tid = any(")
        .bindArray("text", ids).append(") and x.param = any(").bindArray("int", referenceParams(spec).keys())
        .append(") and not s.deleted");
    if (!spec.sourceType().equals("*")) {
      sql.append(" and s.rtype = ").bind(spec.sourceType());
    }
    visible.restrict(sql, "s");
    sql.append(" limit ").bind(MAX_INCLUDES);
    List<Rows.Row> rows = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (keys.contains(rs.getString(9) + "/" + rs.getString(10))) {
          rows.add(Rows.row(rs));
        }
      }
    }
    return rows;
  }
}
