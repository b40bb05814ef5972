package vn.sen.fhir.core.search;

/** {@code _total}: whether Bundle.total is computed. */
public enum TotalMode {
  NONE,
  ESTIMATE,
  ACCURATE
}
