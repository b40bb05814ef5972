package vn.sen.fhir.core;

/** Writing JSON string literals by hand, for code that streams JSON without a JSON library. */
public final class JsonStrings {
  private JsonStrings() {}

  /** Appends {@code value} as a quoted JSON string, escaping quotes, backslashes and control characters. */
  public static StringBuilder appendQuoted(StringBuilder sb, String value) {
    sb.append('"');
    int clean = 0;
    while (clean < value.length() && !needsEscape(value.charAt(clean))) {
      clean++;
    }
    // most values (urls, ids, codes) need no escape at all: copied whole, not char by char
    sb.append(value, 0, clean);
    for (int i = clean; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }
}
