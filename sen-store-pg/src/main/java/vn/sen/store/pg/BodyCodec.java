package vn.sen.store.pg;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Stored form of a resource's JSON: a marker byte, then the bytes. Bodies over a few hundred bytes
 * are deflated (JSON shrinks three- to five-fold), which keeps the database small and avoids
 * PostgreSQL's own TOAST compression on every large row.
 */
final class BodyCodec {
  private static final byte RAW = 0;
  private static final byte DEFLATE = 1;
  private static final int COMPRESS_FROM = 256;
  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

  private BodyCodec() {}

  static byte[] encode(byte[] json) {
    if (json.length < COMPRESS_FROM) {
      return prefixed(RAW, json, json.length);
    }
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(json);
      deflater.finish();
      byte[] buffer = new byte[json.length + 64];
      int length = deflater.deflate(buffer);
      if (!deflater.finished() || length >= json.length) {
        return prefixed(RAW, json, json.length);
      }
      return prefixed(DEFLATE, buffer, length);
    } finally {
      deflater.end();
    }
  }

  static byte[] decode(byte[] stored) {
    if (stored.length == 0) {
      return stored;
    }
    if (stored[0] == RAW) {
      return Arrays.copyOfRange(stored, 1, stored.length);
    }
    // One inflater per thread, reset between bodies (a new one costs native zlib state and a cleaner),
    // and one output array, grown only when the body inflates more than expected: reading is the hot
    // path, and every copy here is garbage the request threads must collect.
    Inflater inflater = INFLATER.get();
    inflater.reset();
    try {
      inflater.setInput(stored, 1, stored.length - 1);
      byte[] out = new byte[Math.max(1024, stored.length * 5)];
      int length = 0;
      while (!inflater.finished()) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int n = inflater.inflate(out, length, out.length - length);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("Truncated resource body");
        }
        length += n;
      }
      return length == out.length ? out : Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      throw new IllegalStateException("Corrupt resource body", e);
    }
  }

  private static byte[] prefixed(byte marker, byte[] bytes, int length) {
    byte[] out = new byte[length + 1];
    out[0] = marker;
    System.arraycopy(bytes, 0, out, 1, length);
    return out;
  }
}
