package vn.sen.fhir.core.search;

/** Comparison prefixes of <a href="https://hl7.org/fhir/R4/search.html#prefix">R4 search</a>. */
public enum Prefix {
  EQ, NE, GT, LT, GE, LE, SA, EB, AP;

  public static Prefix parse(String twoLetters) {
    return valueOf(twoLetters.toUpperCase(java.util.Locale.ROOT));
  }
}
