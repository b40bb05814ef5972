package vn.sen.store.pg;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * 64-bit fingerprints of codes, systems and units for one-index token lookups. FarmHash fingerprints
 * are stable across releases and platforms, so stored hashes stay valid.
 */
final class Hashes {
  private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();
  /** Hash of the empty string: "no system" ({@code |code}). */
  static final long NONE = of("");

  private Hashes() {}

  static long of(@Nullable String value) {
    return FINGERPRINT.hashString(value == null ? "" : value, StandardCharsets.UTF_8).asLong();
  }
}
