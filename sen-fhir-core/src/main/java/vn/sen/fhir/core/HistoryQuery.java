package vn.sen.fhir.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A history request at instance ({@code type} and {@code id}), type ({@code type}) or system level.
 * Versions are returned newest first.
 *
 * @param since only versions changed at or after this instant ({@code _since})
 * @param at only the version current at this instant, per resource ({@code _at})
 */
public record HistoryQuery(
    @Nullable String type,
    @Nullable String id,
    @Nullable Instant since,
    @Nullable Instant at,
    int count,
    int offset) {}
