package vn.sen.fhir.core.search;

import org.jspecify.annotations.Nullable;

/**
 * {@code _include} / {@code _revinclude}: {@code sourceType:param[:targetType]}, or {@code *}
 * (every reference parameter of the source type) when {@code param} is null.
 */
public record IncludeSpec(
    String sourceType, @Nullable SearchParamDef param, @Nullable String targetType, boolean iterate) {}
