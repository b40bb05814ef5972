package vn.sen.fhir.http;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.ParsedSearch;
import vn.sen.fhir.core.search.SearchQuery;

/**
 * What the adapter needs from the search-parameter parser: query-string parameters in, the parsed
 * model out. Both methods throw {@link vn.sen.fhir.core.FhirException} for bad input.
 */
public interface SearchParser {

  /**
   * Parses the parameters of a search on {@code type} (null: system level). With {@code strict},
   * unknown or unsupported parameters fail; otherwise they are reported in {@link ParsedSearch#ignored()}.
   */
  ParsedSearch parse(@Nullable String type, List<Map.Entry<String, String>> params, boolean strict);

  /** Parses the criteria of a conditional operation ({@code If-None-Exist}, {@code PUT Type?query}). */
  SearchQuery parseConditional(String type, String queryOrUrl);
}
