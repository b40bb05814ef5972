package vn.sen.synth.gen;

import java.util.SplittableRandom;

/** Seeds and identifiers derived deterministically from the population seed. */
public final class Ids {
  private Ids() {}

  /** Murmur3 finaliser over seed and index: a well-mixed, independent stream per patient. */
  public static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** A version-4-shaped UUID drawn from the given random. */
  public static String uuid(SplittableRandom random) {
    long hi = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    char[] out = new char[36];
    hex(out, 0, hi >>> 32, 8);
    out[8] = '-';
    hex(out, 9, (hi >>> 16) & 0xffff, 4);
    out[13] = '-';
    hex(out, 14, hi & 0xffff, 4);
    out[18] = '-';
    hex(out, 19, lo >>> 48, 4);
    out[23] = '-';
    hex(out, 24, lo & 0xffffffffffffL, 12);
    return new String(out);
  }

  private static void hex(char[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = Character.forDigit((int) (value & 0xf), 16);
      value >>>= 4;
    }
  }

  /** n random decimal digits. */
  public static String digits(SplittableRandom random, int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = (char) ('0' + random.nextInt(10));
    }
    return new String(out);
  }
}
