package vn.sen.fhir.core.search;

/** One {@code _sort} key; {@code -code} sorts descending. */
public record SortSpec(SearchParamDef param, boolean descending) {}
