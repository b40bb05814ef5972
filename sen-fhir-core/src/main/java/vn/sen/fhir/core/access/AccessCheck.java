package vn.sen.fhir.core.access;

/** The answer to "may this caller see the current version of type/id". */
public enum AccessCheck {
  /** Never created. */
  ABSENT,
  /** Exists (or was deleted) and the caller may see it. */
  VISIBLE,
  /** Exists (or was deleted) and the caller may not see it. */
  HIDDEN
}
