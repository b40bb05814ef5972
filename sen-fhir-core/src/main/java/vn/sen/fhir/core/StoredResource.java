package vn.sen.fhir.core;

import java.time.Instant;

/**
 * One version of a resource as stored: its canonical JSON bytes (with id and meta already set), or a
 * deletion marker whose {@code json} is empty.
 */
public record StoredResource(
    String type, String id, long versionId, Instant lastUpdated, boolean deleted, byte[] json) {

  public ResourceKey key() {
    return new ResourceKey(type, id);
  }

  /** Weak ETag as FHIR prescribes: {@code W/"3"}. */
  public String etag() {
    return "W/\"" + versionId + "\"";
  }
}
