package vn.sen.fhir.core;

import vn.sen.fhir.core.access.AccessFilter;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A history request at instance ({@code type} and {@code id}), type ({@code type}) or system level.
 * Versions are returned newest first.
 *
 * @param since only versions changed at or after this instant ({@code _since})
 * @param at only the version current at this instant, per resource ({@code _at})
 * @param access what the caller may see, judged on each resource's current version
 */
public record HistoryQuery(
    @Nullable String type,
    @Nullable String id,
    @Nullable Instant since,
    @Nullable Instant at,
    int count,
    int offset,
    AccessFilter access) {

  /** A history request of an unrestricted caller. */
  public HistoryQuery(@Nullable String type, @Nullable String id, @Nullable Instant since, @Nullable Instant at,
      int count, int offset) {
    this(type, id, since, at, count, offset, AccessFilter.UNRESTRICTED);
  }

  /** The same request, held to what {@code filter} lets its caller see. */
  public HistoryQuery withAccess(AccessFilter filter) {
    return new HistoryQuery(type, id, since, at, count, offset, filter);
  }
}
