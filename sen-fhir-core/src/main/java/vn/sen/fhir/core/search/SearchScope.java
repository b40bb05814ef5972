package vn.sen.fhir.core.search;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The resource types a parameter name is resolved against: one type, or for a system-level search the
 * {@code _type} list (empty: every type).
 */
record SearchScope(@Nullable String type, Set<String> types) {

  static SearchScope of(String type) {
    return new SearchScope(type, Set.of());
  }

  /** For messages: {@code Patient}, {@code Patient,Observation} or {@code a system-level search}. */
  String describe() {
    if (type != null) {
      return type;
    }
    return types.isEmpty() ? "a system-level search" : String.join(",", types);
  }
}
