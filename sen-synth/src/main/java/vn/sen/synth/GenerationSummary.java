package vn.sen.synth;

import java.nio.file.Path;
import java.util.Map;

/** Counts of what was written (no patient data). */
public record GenerationSummary(Path directory, int patients, Map<String, Long> resourcesByType, long characters,
    long elapsedMillis) {

  public long resources() {
    return resourcesByType.values().stream().mapToLong(Long::longValue).sum();
  }
}
