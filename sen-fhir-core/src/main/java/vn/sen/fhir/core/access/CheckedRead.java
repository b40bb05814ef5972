package vn.sen.fhir.core.access;

import java.util.Optional;
import vn.sen.fhir.core.StoredResource;

/**
 * A read under an access filter: whether the caller may see the resource, and its current version (or
 * deletion marker) only when they may.
 */
public record CheckedRead(AccessCheck check, Optional<StoredResource> resource) {
  public static final CheckedRead ABSENT = new CheckedRead(AccessCheck.ABSENT, Optional.empty());
  public static final CheckedRead HIDDEN = new CheckedRead(AccessCheck.HIDDEN, Optional.empty());

  public CheckedRead {
    if (check != AccessCheck.VISIBLE && resource.isPresent()) {
      throw new IllegalArgumentException("only a visible resource is handed out");
    }
  }

  /** A read that saw what it found (or found nothing). */
  public static CheckedRead visible(Optional<StoredResource> found) {
    return found.isPresent() ? new CheckedRead(AccessCheck.VISIBLE, found) : ABSENT;
  }
}
