package vn.sen.store.pg;

import java.io.ByteArrayOutputStream;
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
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(stored, 1, stored.length - 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
      byte[] buffer = new byte[Math.max(1024, stored.length * 4)];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("Truncated resource body");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException("Corrupt resource body", e);
    } finally {
      inflater.end();
    }
  }

  private static byte[] prefixed(byte marker, byte[] bytes, int length) {
    byte[] out = new byte[length + 1];
    out[0] = marker;
    System.arraycopy(bytes, 0, out, 1, length);
    return out;
  }
}
