package vn.sen.fhir.core.index;

import vn.sen.fhir.core.search.SearchParamDef;

/** A search value together with the parameter it was extracted for. */
public record IndexedValue(SearchParamDef param, IndexValue value) {}
