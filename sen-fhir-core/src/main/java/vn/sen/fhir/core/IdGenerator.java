package vn.sen.fhir.core;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Server-assigned resource ids. Injected so tests, benchmarks and synthetic data reproduce; the
 * default draws 80 random bits and writes them as 16 lower-case base-32 characters, a valid FHIR id
 * that is short in index rows and reveals nothing about creation order.
 */
@FunctionalInterface
public interface IdGenerator {
  String newId();

  /**
   * Random ids from {@code random} (use a seeded generator for reproducible output). Draws are
   * synchronised on the generator, since seeded generators such as SplittableRandom are not
   * thread-safe and concurrent draws would repeat ids.
   */
  static IdGenerator random(RandomGenerator random) {
    char[] alphabet = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    return () -> {
      long high;
      long low;
      synchronized (random) {
        high = random.nextLong();
        low = random.nextLong();
      }
      char[] out = new char[16];
      for (int i = 0; i < 12; i++) {
        out[i] = alphabet[(int) (high >>> (i * 5)) & 31];
      }
      for (int i = 12; i < 16; i++) {
        out[i] = alphabet[(int) (low >>> ((i - 12) * 5)) & 31];
      }
      return new String(out);
    };
  }

  static IdGenerator secureRandom() {
    return random(new SecureRandom());
  }
}
