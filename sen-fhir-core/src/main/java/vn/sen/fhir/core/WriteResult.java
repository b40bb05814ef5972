package vn.sen.fhir.core;

/**
 * What a write did.
 *
 * @param resource the version now current (for a delete: the deletion marker; for {@link
 *     Kind#EXISTING}: the resource that matched {@code If-None-Exist})
 */
public record WriteResult(StoredResource resource, Kind kind) {
  public enum Kind {
    CREATED,
    UPDATED,
    DELETED,
    /** Conditional create matched an existing resource; nothing was written. */
    EXISTING,
    /** Delete of a resource that does not exist or is already deleted; nothing was written. */
    NOTHING_TO_DELETE
  }
}
