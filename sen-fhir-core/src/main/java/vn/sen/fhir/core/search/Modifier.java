package vn.sen.fhir.core.search;

/** Search modifiers of <a href="https://hl7.org/fhir/R4/search.html#modifiers">R4</a>. */
public enum Modifier {
  NONE,
  EXACT,
  CONTAINS,
  TEXT,
  NOT,
  MISSING,
  ABOVE,
  BELOW,
  IN,
  NOT_IN,
  OF_TYPE,
  IDENTIFIER,
  /** {@code :Type} on a reference parameter; the type is carried by the arguments. */
  TYPE
}
