package vn.sen.fhir.core.search;

import vn.sen.fhir.core.access.AccessFilter;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ResourceKey;

/**
 * A parsed search, independent of HTTP and of storage.
 *
 * @param resourceType the type searched, or null for a search across types (system level, or a
 *     compartment search over all types as in {@code $everything})
 * @param types with {@code resourceType == null}: the types to include (empty: all)
 * @param criteria conditions, ANDed
 * @param compartment when set, only resources in this Patient's compartment
 * @param sort sort keys in order; empty means the store's stable default order
 * @param count page size
 * @param offset number of matches skipped before this page
 * @param total whether to compute Bundle.total
 * @param includes {@code _include}
 * @param revIncludes {@code _revinclude}
 * @param summaryCount {@code _summary=count}: only the total is wanted
 * @param access what the caller may see; the store applies it to matches, includes and counts
 */
public record SearchQuery(
    @Nullable String resourceType,
    Set<String> types,
    List<Criterion> criteria,
    @Nullable ResourceKey compartment,
    List<SortSpec> sort,
    int count,
    int offset,
    TotalMode total,
    List<IncludeSpec> includes,
    List<IncludeSpec> revIncludes,
    boolean summaryCount,
    AccessFilter access) {

  public static final int DEFAULT_COUNT = 20;
  public static final int MAX_COUNT = 1000;

  /** A query seen by an unrestricted caller. */
  public SearchQuery(@Nullable String resourceType, Set<String> types, List<Criterion> criteria,
      @Nullable ResourceKey compartment, List<SortSpec> sort, int count, int offset, TotalMode total,
      List<IncludeSpec> includes, List<IncludeSpec> revIncludes, boolean summaryCount) {
    this(resourceType, types, criteria, compartment, sort, count, offset, total, includes, revIncludes,
        summaryCount, AccessFilter.UNRESTRICTED);
  }

  /** A query for one type with only criteria, first page, default size. */
  public static SearchQuery of(String resourceType, List<Criterion> criteria) {
    return new SearchQuery(resourceType, Set.of(), List.copyOf(criteria), null, List.of(),
        DEFAULT_COUNT, 0, TotalMode.NONE, List.of(), List.of(), false);
  }

  public SearchQuery withPage(int newCount, int newOffset) {
    return new SearchQuery(resourceType, types, criteria, compartment, sort, newCount, newOffset, total,
        includes, revIncludes, summaryCount, access);
  }

  public SearchQuery withTotal(TotalMode newTotal) {
    return new SearchQuery(resourceType, types, criteria, compartment, sort, count, offset, newTotal,
        includes, revIncludes, summaryCount, access);
  }

  /** The same query, held to what {@code filter} lets its caller see. */
  public SearchQuery withAccess(AccessFilter filter) {
    return new SearchQuery(resourceType, types, criteria, compartment, sort, count, offset, total,
        includes, revIncludes, summaryCount, filter);
  }
}
