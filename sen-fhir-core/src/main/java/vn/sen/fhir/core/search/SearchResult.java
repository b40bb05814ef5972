package vn.sen.fhir.core.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a search.
 *
 * @param entries matches in order, then included resources
 * @param total number of matches over all pages when asked for, else null
 * @param hasNext whether another page follows
 */
public record SearchResult(List<SearchMatch> entries, @Nullable Long total, boolean hasNext) {}
