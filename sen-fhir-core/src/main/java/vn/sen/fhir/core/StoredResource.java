package vn.sen.fhir.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version of a resource as stored: its canonical JSON bytes (with id and meta already set), or a
 * deletion marker whose {@code json} is empty.
 *
 * @param patient the id of the Patient whose compartment holds it, when the store reports it (for the
 *     audit trail); null when it belongs to none or was not reported
 */
public record StoredResource(
    String type, String id, long versionId, Instant lastUpdated, boolean deleted, byte[] json,
    @Nullable String patient) {

  /** A version whose patient compartment the reader did not ask for. */
  public StoredResource(String type, String id, long versionId, Instant lastUpdated, boolean deleted, byte[] json) {
    this(type, id, versionId, lastUpdated, deleted, json, null);
  }

  public ResourceKey key() {
    return new ResourceKey(type, id);
  }

  /** Weak ETag as FHIR prescribes: {@code W/"3"}. */
  public String etag() {
    return "W/\"" + versionId + "\"";
  }
}
