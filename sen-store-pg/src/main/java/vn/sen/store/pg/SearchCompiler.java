package vn.sen.store.pg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.Prefix;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SortSpec;

/**
 * Compiles a parsed search into SQL over {@code resource r} and the index tables: each criterion
 * becomes one semi-join on an index table that a single index answers.
 *
 * @see <a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>
 */
final class SearchCompiler {
  static final String COLUMNS = "r.rid, r.rtype, r.id, r.ver, r.updated, r.deleted, r.body, r.pat";
  private static final long DAY = 86_400_000L;

  private final SearchParameterRegistry registry;
  private final ParamLayout layout;
  private final AccessClause.Source access;

  SearchCompiler(SearchParameterRegistry registry, ParamLayout layout, AccessClause.Source access) {
    this.registry = registry;
    this.layout = layout;
    this.access = access;
  }

  /** {@code select … from resource r where …} for one page, one row more than the page to see if another follows. */
  Sql page(SearchQuery query) {
    Optional<Sql> driven = drivenByToken(query);
    if (driven.isPresent()) {
      return driven.get();
    }
    AccessClause visible = access.of(query.access());
    Sql sql = new Sql().append("select ").append(COLUMNS).append(" from ");
    if (visible.unrestricted()) {
      sql.append("resource r where ");
      where(sql, query);
    } else {
      heldMatches(sql, query, visible);
    }
    orderBy(sql, query.sort());
    sql.append(" limit ").bind(query.count() + 1).append(" offset ").bind(query.offset());
    return sql;
  }

  /**
   * A search by one code (e.g. {@code Condition?code=I10}) and no {@code _sort}: read the token index in
   * its own rid order and stop at the page's end, instead of gathering every match to sort it. A common
   * code can match a large share of a type; this keeps its first page as cheap at 100,000 patients as
   * at 1,000, whatever the planner's statistics say.
   */
  private Optional<Sql> drivenByToken(SearchQuery query) {
    if (!query.sort().isEmpty() || query.criteria().size() != 1 || query.resourceType() == null
        || !(query.criteria().get(0) instanceof Criterion.Param p) || p.modifier() != Modifier.NONE
        || p.param().type() != SearchParamType.TOKEN || p.param().code().startsWith("_")
        || p.anyOf().size() != 1 || !(p.anyOf().get(0) instanceof SearchArg.Token t) || t.code() == null
        || layout.slots(p.param()).size() != 1) {
      return Optional.empty();
    }
    Sql sql = new Sql().append("select distinct on (i.rid) ").append(COLUMNS)
        .append(" from idx_token i join resource r on r.rid = i.rid and r.ver = i.ver where i.param = ")
        .bind(layout.slots(p.param()).get(0).key()).append(" and ");
    token(sql, "i.h_code", "i.h_sys", t.system(), t.code());
    sql.append(" and not r.deleted and r.rtype = ").bind(query.resourceType());
    if (query.compartment() != null) {
      sql.append(" and r.pat = ").bind(query.compartment().id());
    }
    access.of(query.access()).restrict(sql, "r");
    sql.append(" order by i.rid limit ").bind(query.count() + 1).append(" offset ").bind(query.offset());
    return Optional.of(sql);
  }

  Sql count(SearchQuery query) {
    AccessClause visible = access.of(query.access());
    if (visible.unrestricted()) {
      Sql sql = new Sql().append("select count(*) from resource r where ");
      where(sql, query);
      return sql;
    }
    Sql sql = new Sql().append("select count(*) from ");
    heldMatches(sql, query, visible);
    return sql;
  }

  /**
   * {@code (matches) r where visible(r)}: the filter on top of a subquery the planner keeps as it is
   * ({@code offset 0}). There it knows how many matches reach the filter, and hashes the caller's related
   * patients once where that beats probing them match by match (PostgreSQL chooses between the two by the
   * number of calls it expects at the node that holds the filter; inside a join that is one per loop).
   */
  private void heldMatches(Sql sql, SearchQuery query, AccessClause visible) {
    sql.append("(select ").append(COLUMNS).append(" from resource r where ");
    where(sql, query, visible, false);
    sql.append(" offset 0) r where ");
    visible.visible(sql, "r");
  }

  /** rids of matches, for conditional operations. */
  Sql matchIds(SearchQuery query, int limit) {
    Sql sql = new Sql().append("select r.rtype, r.id from resource r where ");
    where(sql, query);
    sql.append(" order by r.rid limit ").bind(limit);
    return sql;
  }

  void where(Sql sql, SearchQuery query) {
    where(sql, query, access.of(query.access()), true);
  }

  /** @param restrictMatches whether to hold the matches themselves to the filter (chains and _has always are) */
  private void where(Sql sql, SearchQuery query, AccessClause visible, boolean restrictMatches) {
    sql.append("not r.deleted");
    if (query.resourceType() != null) {
      sql.append(" and r.rtype = ").bind(query.resourceType());
    } else if (!query.types().isEmpty()) {
      sql.append(" and r.rtype = any(").bindArray("text", List.copyOf(query.types())).append(")");
    }
    if (query.compartment() != null) {
      sql.append(" and r.pat = ").bind(query.compartment().id());
    }
    for (Criterion c : query.criteria()) {
      sql.append(" and ");
      criterion(sql, "r", c, visible);
    }
    if (restrictMatches) {
      visible.restrict(sql, "r");
    }
  }

  /** Chain targets and {@code _has} sources are held to the caller's filter too: a hidden resource never decides a match. */
  private void criterion(Sql sql, String alias, Criterion criterion, AccessClause visible) {
    switch (criterion) {
      case Criterion.Param p -> param(sql, alias, p);
      case Criterion.Chain c -> chain(sql, alias, c, visible);
      case Criterion.Has h -> has(sql, alias, h, visible);
    }
  }

  private void param(Sql sql, String alias, Criterion.Param p) {
    SearchParamDef def = p.param();
    if (def.code().equals("_id")) {
      idCriterion(sql, alias, p);
      return;
    }
    if (def.code().equals("_lastUpdated")) {
      lastUpdated(sql, alias, p);
      return;
    }
    if (p.modifier() == Modifier.MISSING) {
      boolean missing = p.anyOf().stream().anyMatch(a -> a instanceof SearchArg.Missing m && m.missing());
      sql.append(missing ? "not exists" : "exists").append(" (select 1 from ").append(table(def))
          .append(" i where i.rid = ").append(alias).append(".rid and i.ver = ").append(alias)
          .append(".ver and ");
      paramMatch(sql, "i", def, IntUnaryOperator.identity(), def.type() == SearchParamType.REFERENCE);
      sql.append(")");
      return;
    }
    if (p.modifier() == Modifier.NOT) {
      sql.append("not exists (select 1 from idx_token i where i.rid = ").append(alias)
          .append(".rid and i.ver = ").append(alias).append(".ver and ");
      paramMatch(sql, "i", def, IntUnaryOperator.identity(), false);
      sql.append(" and (");
      orArgs(sql, p);
      sql.append("))");
      return;
    }
    String table = switch (p.modifier()) {
      case TEXT -> "idx_string";
      case OF_TYPE, IDENTIFIER -> "idx_token";
      default -> table(def);
    };
    IntUnaryOperator key = switch (p.modifier()) {
      case TEXT -> ParamKeys::text;
      case OF_TYPE -> ParamKeys::ofType;
      default -> IntUnaryOperator.identity();
    };
    sql.append("(").append(alias).append(".rid, ").append(alias).append(".ver) in (select i.rid, i.ver from ")
        .append(table).append(" i where ");
    paramMatch(sql, "i", def, key, table.equals("idx_ref"));
    sql.append(" and (");
    orArgs(sql, p);
    sql.append("))");
  }

  /**
   * {@code i.param = ?} over the slots the parameter is stored in (ParamLayout): its own key, another
   * parameter's key restricted to a target type, or several keys for a union.
   */
  private void paramMatch(Sql sql, String table, SearchParamDef def, IntUnaryOperator derive,
      boolean hasTargetType) {
    List<ParamLayout.Slot> slots = layout.slots(def);
    if (slots.size() == 1 && (slots.get(0).targetType() == null || !hasTargetType)) {
      sql.append(table).append(".param = ").bind(derive.applyAsInt(slots.get(0).key()));
      return;
    }
    sql.append("(");
    for (int i = 0; i < slots.size(); i++) {
      ParamLayout.Slot slot = slots.get(i);
      sql.append(i == 0 ? "(" : " or (").append(table).append(".param = ").bind(derive.applyAsInt(slot.key()));
      if (hasTargetType && slot.targetType() != null) {
        sql.append(" and ").append(table).append(".ttype = ").bind(slot.targetType());
      }
      sql.append(")");
    }
    sql.append(")");
  }

  private void orArgs(Sql sql, Criterion.Param p) {
    boolean first = true;
    for (SearchArg arg : p.anyOf()) {
      sql.append(first ? "(" : " or (");
      first = false;
      arg(sql, p.param(), p.modifier(), arg);
      sql.append(")");
    }
    if (first) {
      sql.append("false");
    }
  }

  private void arg(Sql sql, SearchParamDef def, Modifier modifier, SearchArg arg) {
    switch (arg) {
      case SearchArg.Token t when modifier == Modifier.OF_TYPE ->
          sql.append("i.h_code = ").bind(Hashes.of(ParamKeys.ofTypeValue(t.typeSystem(), t.typeCode(), t.code())));
      case SearchArg.Token t -> token(sql, "i.h_code", "i.h_sys", t.system(), t.code());
      case SearchArg.Text s when modifier == Modifier.TEXT -> {
        String norm = likeEscape(TextNormalizer.normalize(s.value()));
        sql.append("i.norm like ").bind(norm + "%").append(" or i.norm like ").bind("% " + norm + "%");
      }
      case SearchArg.Text s -> string(sql, modifier, s.value());
      case SearchArg.Date d -> dateRange(sql, "i.lo", "i.hi", d.prefix(), d.low(), d.high());
      case SearchArg.Number n -> numeric(sql, "i.val", n.prefix(), n.value(), n.low(), n.high());
      case SearchArg.Quantity q -> {
        numeric(sql, "i.val", q.prefix(), q.value(), q.low(), q.high());
        if (q.code() != null && !q.code().isEmpty()) {
          sql.append(" and i.h_code = ").bind(Hashes.of(q.code()));
        }
        if (q.system() != null && !q.system().isEmpty()) {
          sql.append(" and i.h_sys = ").bind(Hashes.of(q.system()));
        }
      }
      case SearchArg.Reference r -> reference(sql, r);
      case SearchArg.Uri u -> uri(sql, modifier, u.value());
      case SearchArg.Composite c -> composite(sql, c);
      case SearchArg.Missing m -> sql.append(m.missing() ? "false" : "true");
    }
  }

  private static void token(Sql sql, String codeColumn, String systemColumn, @Nullable String system,
      @Nullable String code) {
    if (code != null) {
      sql.append(codeColumn).append(" = ").bind(Hashes.of(code));
      if (system != null) {
        sql.append(" and ").append(systemColumn).append(" = ").bind(Hashes.of(system));
      }
    } else if (system != null) {
      sql.append(systemColumn).append(" = ").bind(Hashes.of(system));
    } else {
      sql.append("true");
    }
  }

  private static void string(Sql sql, Modifier modifier, String value) {
    String norm = TextNormalizer.normalize(value);
    switch (modifier) {
      case EXACT -> sql.append("coalesce(i.val, i.norm) = ").bind(value);
      case CONTAINS -> sql.append("i.norm like ").bind("%" + likeEscape(norm) + "%");
      default -> {
        if (norm.length() > IndexBuffer.MAX_NORM) {
          norm = norm.substring(0, IndexBuffer.MAX_NORM);
        }
        sql.append("i.norm like ").bind(likeEscape(norm) + "%");
      }
    }
  }

  private static void reference(Sql sql, SearchArg.Reference r) {
    if (r.url() != null) {
      sql.append("i.url = ").bind(r.url());
    } else if (r.type() != null) {
      sql.append("i.tid = ").bind(r.id()).append(" and i.ttype = ").bind(r.type());
    } else {
      sql.append("i.tid = ").bind(r.id());
    }
  }

  private static void uri(Sql sql, Modifier modifier, String value) {
    switch (modifier) {
      case BELOW -> sql.append("i.uri like ").bind(likeEscape(value) + "%");
      case ABOVE -> {
        List<String> prefixes = new ArrayList<>();
        int slash = value.indexOf("//");
        for (int i = value.length(); i > (slash < 0 ? 0 : slash + 2); i = value.lastIndexOf('/', i - 1)) {
          prefixes.add(value.substring(0, i));
        }
        sql.append("i.uri = any(").bindArray("text", prefixes).append(")");
      }
      default -> sql.append("i.uri = ").bind(value);
    }
  }

  private void composite(Sql sql, SearchArg.Composite c) {
    if (c.components().size() < 2) {
      sql.append("false");
      return;
    }
    SearchArg first = c.components().get(0);
    switch (first) {
      case SearchArg.Token t -> token(sql, "i.h1_code", "i.h1_sys", t.system(), t.code());
      case SearchArg.Reference r -> sql.append("i.h1_code = ").bind(Hashes.of(
          r.url() != null ? r.url() : r.type() + "/" + r.id()));
      case SearchArg.Text s -> sql.append("i.h1_code = ").bind(Hashes.of(TextNormalizer.normalize(s.value())));
      case SearchArg.Uri u -> sql.append("i.h1_code = ").bind(Hashes.of(u.value()));
      default -> sql.append("false");
    }
    sql.append(" and ");
    switch (c.components().get(1)) {
      case SearchArg.Token t -> token(sql, "i.h2", "i.h2_sys", t.system(), t.code());
      case SearchArg.Text s -> sql.append("i.h2 = ").bind(Hashes.of(TextNormalizer.normalize(s.value())));
      case SearchArg.Quantity q -> {
        numeric(sql, "i.v2", q.prefix(), q.value(), q.low(), q.high());
        if (q.code() != null && !q.code().isEmpty()) {
          sql.append(" and i.h2 = ").bind(Hashes.of(q.code()));
        }
      }
      case SearchArg.Number n -> numeric(sql, "i.v2", n.prefix(), n.value(), n.low(), n.high());
      case SearchArg.Date d -> dateRange(sql, "i.lo2", "i.hi2", d.prefix(), d.low(), d.high());
      case SearchArg.Reference r -> sql.append("i.h2 = ").bind(Hashes.of(
          r.url() != null ? r.url() : r.type() + "/" + r.id()));
      case SearchArg.Uri u -> sql.append("i.h2 = ").bind(Hashes.of(u.value()));
      default -> sql.append("false");
    }
  }

  /** Date comparison per R4 prefix semantics between the stored range [lo, hi] and the search range. */
  static void dateRange(Sql sql, String lo, String hi, Prefix prefix, long low, long high) {
    switch (prefix) {
      case EQ -> sql.append(lo + " >= ").bind(low).append(" and " + hi + " <= ").bind(high);
      case NE -> sql.append("not (" + lo + " >= ").bind(low).append(" and " + hi + " <= ").bind(high).append(")");
      case GT -> sql.append(hi + " > ").bind(high);
      case LT -> sql.append(lo + " < ").bind(low);
      case GE -> sql.append(hi + " >= ").bind(low);
      case LE -> sql.append(lo + " <= ").bind(high);
      case SA -> sql.append(lo + " > ").bind(high);
      case EB -> sql.append(hi + " < ").bind(low);
      case AP -> {
        long now = System.currentTimeMillis();
        long width = Math.max(DAY, Math.abs(now - low) / 10);
        sql.append(lo + " <= ").bind(saturatedAdd(high, width))
            .append(" and " + hi + " >= ").bind(saturatedAdd(low, -width));
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** Number comparison: eq means within the precision range of the search value. */
  static void numeric(Sql sql, String column, Prefix prefix, BigDecimal value, BigDecimal low, BigDecimal high) {
    switch (prefix) {
      case EQ -> sql.append(column + " >= ").bind(low).append(" and " + column + " < ").bind(high);
      case NE -> sql.append("not (" + column + " >= ").bind(low).append(" and " + column + " < ").bind(high)
          .append(")");
      case GT, SA -> sql.append(column + " > ").bind(value);
      case LT, EB -> sql.append(column + " < ").bind(value);
      case GE -> sql.append(column + " >= ").bind(value);
      case LE -> sql.append(column + " <= ").bind(value);
      case AP -> {
        BigDecimal tenth = value.abs().divide(BigDecimal.TEN, 10, RoundingMode.HALF_UP);
        sql.append(column + " >= ").bind(value.subtract(tenth)).append(" and " + column + " <= ")
            .bind(value.add(tenth));
      }
    }
  }

  private static void idCriterion(Sql sql, String alias, Criterion.Param p) {
    List<String> ids = new ArrayList<>();
    for (SearchArg a : p.anyOf()) {
      if (a instanceof SearchArg.Token t && t.code() != null) {
        ids.add(t.code());
      } else if (a instanceof SearchArg.Text s) {
        ids.add(s.value());
      }
    }
    if (p.modifier() == Modifier.NOT) {
      sql.append("not (").append(alias).append(".id = any(").bindArray("text", ids).append("))");
    } else if (p.modifier() == Modifier.MISSING) {
      boolean missing = p.anyOf().stream().anyMatch(a -> a instanceof SearchArg.Missing m && m.missing());
      sql.append(missing ? "false" : "true");
    } else {
      sql.append(alias).append(".id = any(").bindArray("text", ids).append(")");
    }
  }

  private static void lastUpdated(Sql sql, String alias, Criterion.Param p) {
    String column = "(extract(epoch from " + alias + ".updated) * 1000)::bigint";
    boolean first = true;
    sql.append("(");
    for (SearchArg a : p.anyOf()) {
      if (a instanceof SearchArg.Date d) {
        sql.append(first ? "(" : " or (");
        first = false;
        dateRange(sql, column, column, d.prefix(), d.low(), d.high());
        sql.append(")");
      }
    }
    sql.append(first ? "true)" : ")");
  }

  private void chain(Sql sql, String alias, Criterion.Chain chain, AccessClause visible) {
    SearchParamDef reference = chain.reference();
    String t = alias + "t";
    String x = alias + "x";
    sql.append("(").append(alias).append(".rid, ").append(alias).append(".ver) in (select ").append(x)
        .append(".rid, ").append(x).append(".ver from idx_ref ").append(x)
        .append(" join resource ").append(t).append(" on ").append(t).append(".rtype = ").append(x)
        .append(".ttype and ").append(t).append(".id = ").append(x).append(".tid where ");
    paramMatch(sql, x, reference, IntUnaryOperator.identity(), true);
    sql.append(" and not ").append(t).append(".deleted");
    visible.restrict(sql, t);
    sql.append(" and (");
    List<String> targets = chain.targetType() != null
        ? List.of(chain.targetType())
        : (reference.targets().isEmpty() ? List.copyOf(registry.resourceTypes()) : List.copyOf(reference.targets()));
    boolean first = true;
    for (String target : targets) {
      Optional<Criterion> onTarget = retarget(chain.onTarget(), target);
      if (onTarget.isEmpty()) {
        continue;
      }
      sql.append(first ? "(" : " or (");
      first = false;
      sql.append(t).append(".rtype = ").bind(target).append(" and ");
      criterion(sql, t, onTarget.get(), visible);
      sql.append(")");
    }
    sql.append(first ? "false))" : "))");
  }

  private void has(Sql sql, String alias, Criterion.Has has, AccessClause visible) {
    String s = alias + "s";
    String x = alias + "h";
    sql.append("exists (select 1 from idx_ref ").append(x).append(" join resource ").append(s).append(" on ")
        .append(s).append(".rid = ").append(x).append(".rid and ").append(s).append(".ver = ").append(x)
        .append(".ver where ").append(x).append(".tid = ").append(alias)
        .append(".id and ").append(x).append(".ttype = ").append(alias).append(".rtype and ");
    paramMatch(sql, x, has.sourceReference(), IntUnaryOperator.identity(), true);
    sql.append(" and ").append(s)
        .append(".rtype = ").bind(has.sourceType()).append(" and not ").append(s).append(".deleted");
    visible.restrict(sql, s);
    sql.append(" and ");
    criterion(sql, s, has.onSource(), visible);
    sql.append(")");
  }

  /** The same criterion on another resource type (its own parameter definitions), if it has them. */
  private Optional<Criterion> retarget(Criterion criterion, String type) {
    return switch (criterion) {
      case Criterion.Param p -> registry.find(type, p.param().code())
          .map(def -> new Criterion.Param(def, p.modifier(), p.anyOf()));
      case Criterion.Chain c -> registry.find(type, c.reference().code())
          .map(def -> new Criterion.Chain(def, c.targetType(), c.onTarget()));
      case Criterion.Has h -> Optional.of(h);
    };
  }

  private void orderBy(Sql sql, List<SortSpec> sort) {
    sql.append(" order by ");
    for (SortSpec s : sort) {
      SearchParamDef def = s.param();
      String direction = s.descending() ? " desc nulls last, " : " asc nulls last, ";
      switch (def.code()) {
        case "_id" -> sql.append("r.id").append(direction);
        case "_lastUpdated" -> sql.append("r.updated").append(direction);
        default -> {
          sql.append("(select ").append(s.descending() ? "max(" : "min(").append(sortColumn(def))
              .append(") from ").append(table(def)).append(" i where i.rid = r.rid and i.ver = r.ver and ");
          paramMatch(sql, "i", def, IntUnaryOperator.identity(), def.type() == SearchParamType.REFERENCE);
          sql.append(")").append(direction);
        }
      }
    }
    sql.append("r.rid");
  }

  private static String sortColumn(SearchParamDef def) {
    return switch (def.type()) {
      case STRING -> "i.norm";
      case DATE -> "i.lo";
      case NUMBER, QUANTITY -> "i.val";
      case REFERENCE -> "i.tid";
      case URI -> "i.uri";
      default -> throw new FhirException(ErrorCode.INVALID_REQUEST,
          "Sorting by " + def.type().name().toLowerCase(java.util.Locale.ROOT) + " parameter '" + def.code()
              + "' is not supported", "_sort");
    };
  }

  static String table(SearchParamDef def) {
    return switch (def.type()) {
      case TOKEN -> "idx_token";
      case STRING -> "idx_string";
      case DATE -> "idx_date";
      case NUMBER -> "idx_number";
      case QUANTITY -> "idx_quantity";
      case REFERENCE -> "idx_ref";
      case URI -> "idx_uri";
      case COMPOSITE -> "idx_composite";
      case SPECIAL -> throw new FhirException(ErrorCode.INVALID_REQUEST,
          "Search parameter '" + def.code() + "' (special) is not supported", def.code());
    };
  }

  static String likeEscape(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
