package vn.sen.bench;

import java.util.List;
import java.util.Locale;

/**
 * Who sends the read-side requests. The system client ({@code system/*.cruds}) passes the access policy
 * unfiltered; a clinician ({@code user/*.cruds}, role nurse at a commune health station) is held to the
 * patients registered there by the policy's filter. Both are audited.
 */
enum Caller {
  SYSTEM,
  CLINICIAN;

  static final List<Caller> BOTH = List.of(SYSTEM, CLINICIAN);

  /** The value of {@code --as}: {@code system}, {@code clinician} or {@code both}. */
  static List<Caller> parse(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "system" -> List.of(SYSTEM);
      case "clinician" -> List.of(CLINICIAN);
      case "both" -> BOTH;
      default -> throw new IllegalArgumentException("--as must be system, clinician or both, was " + v);
    };
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
