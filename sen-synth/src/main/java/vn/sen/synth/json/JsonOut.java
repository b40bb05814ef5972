package vn.sen.synth.json;

import vn.sen.fhir.core.JsonStrings;

/**
 * Appends compact JSON to a {@link StringBuilder}. Commas are tracked per nesting level so callers
 * write fields in order without bookkeeping. Output is byte-stable: no maps, no locale, no floating
 * point formatting (decimals are written from scaled integers).
 */
public final class JsonOut {
  private final StringBuilder sb;
  private long needComma; // bit per depth level: 1 = a value was already written at that level
  private int depth;

  public JsonOut(StringBuilder sb) {
    this.sb = sb;
  }

  public StringBuilder buffer() {
    return sb;
  }

  private void sep() {
    long bit = 1L << depth;
    if ((needComma & bit) != 0) {
      sb.append(',');
    } else {
      needComma |= bit;
    }
  }

  private void name(String name) {
    sep();
    sb.append('"').append(name).append("\":");
  }

  private void push() {
    depth++;
    needComma &= ~(1L << depth);
  }

  public JsonOut beginObject() {
    sep();
    sb.append('{');
    push();
    return this;
  }

  public JsonOut beginObject(String name) {
    name(name);
    sb.append('{');
    push();
    return this;
  }

  public JsonOut endObject() {
    depth--;
    sb.append('}');
    return this;
  }

  public JsonOut beginArray(String name) {
    name(name);
    sb.append('[');
    push();
    return this;
  }

  public JsonOut beginArray() {
    sep();
    sb.append('[');
    push();
    return this;
  }

  public JsonOut endArray() {
    depth--;
    sb.append(']');
    return this;
  }

  public JsonOut field(String name, String value) {
    name(name);
    string(value);
    return this;
  }

  public JsonOut field(String name, long value) {
    name(name);
    sb.append(value);
    return this;
  }

  public JsonOut field(String name, boolean value) {
    name(name);
    sb.append(value);
    return this;
  }

  /** A decimal given as {@code unscaled / 10^scale}, written without floating point. */
  public JsonOut decimal(String name, long unscaled, int scale) {
    name(name);
    appendDecimal(sb, unscaled, scale);
    return this;
  }

  /** A decimal from a double, rounded half-up to {@code scale} places. */
  public JsonOut decimal(String name, double value, int scale) {
    long factor = 1;
    for (int i = 0; i < scale; i++) {
      factor *= 10;
    }
    return decimal(name, Math.round(value * factor), scale);
  }

  public JsonOut value(String value) {
    sep();
    string(value);
    return this;
  }

  public JsonOut value(long value) {
    sep();
    sb.append(value);
    return this;
  }

  public JsonOut decimalValue(double value, int scale) {
    sep();
    long factor = 1;
    for (int i = 0; i < scale; i++) {
      factor *= 10;
    }
    appendDecimal(sb, Math.round(value * factor), scale);
    return this;
  }

  static void appendDecimal(StringBuilder sb, long unscaled, int scale) {
    if (scale == 0) {
      sb.append(unscaled);
      return;
    }
    if (unscaled < 0) {
      sb.append('-');
      unscaled = -unscaled;
    }
    String digits = Long.toString(unscaled);
    if (digits.length() <= scale) {
      sb.append("0.");
      sb.repeat('0', scale - digits.length());
      sb.append(digits);
    } else {
      int point = digits.length() - scale;
      sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
  }

  private void string(String s) {
    JsonStrings.appendQuoted(sb, s);
  }
}
