package vn.sen.fhir.core.search;

import vn.sen.fhir.core.StoredResource;

/** One entry of a search result: a match, or a resource added by {@code _include}/{@code _revinclude}. */
public record SearchMatch(StoredResource resource, boolean include) {}
