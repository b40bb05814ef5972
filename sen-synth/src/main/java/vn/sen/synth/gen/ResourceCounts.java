package vn.sen.synth.gen;

import java.util.Map;
import java.util.TreeMap;

/** Resources written, per type; merged across patients by the single writer thread. */
public final class ResourceCounts {
  private final Map<String, Long> counts = new TreeMap<>();

  public void add(String type) {
    counts.merge(type, 1L, Long::sum);
  }

  public void addAll(ResourceCounts other) {
    other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> asMap() {
    return Map.copyOf(counts);
  }
}
