package vn.sen.fhir.core.search;

/** The search parameter types of <a href="https://hl7.org/fhir/R4/search.html#ptypes">R4</a>. */
public enum SearchParamType {
  NUMBER,
  DATE,
  STRING,
  TOKEN,
  REFERENCE,
  COMPOSITE,
  QUANTITY,
  URI,
  SPECIAL
}
