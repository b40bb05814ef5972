package vn.sen.fhir.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of history, newest first. Deletions appear as versions with {@code deleted}. */
public record HistoryResult(List<StoredResource> versions, @Nullable Long total, boolean hasNext) {}
