package vn.sen.fhir.core.search;

import java.util.List;
import vn.sen.fhir.core.Issue;

/**
 * The outcome of parsing a query string: the query, plus warnings for parameters that were ignored
 * (unknown or unsupported), which the search Bundle reports in an OperationOutcome.
 */
public record ParsedSearch(SearchQuery query, List<Issue> ignored) {}
