package vn.sen.fhir.core.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Escaping in search values (<a href="https://hl7.org/fhir/R4/search.html#escaping">R4 §3.1.1.4</a>):
 * {@code \,} {@code \$} {@code \|} and {@code \\} stand for the character itself. Values are first split
 * on unescaped separators with the escapes kept, and only unescaped once a part is final, so that a
 * {@code \|} inside a comma-separated list survives until the token is split on {@code |}.
 */
final class SearchEscapes {
  private SearchEscapes() {}

  /** Splits on unescaped {@code separator}; the parts keep their escapes. Never returns an empty list. */
  static List<String> split(String raw, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        current.append(c).append(raw.charAt(++i));
      } else if (c == separator) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** Resolves the four escapes; any other backslash is kept as written. */
  static String unescape(String raw) {
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && isEscapable(raw.charAt(i + 1))) {
        out.append(raw.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isEscapable(char c) {
    return c == ',' || c == '$' || c == '|' || c == '\\';
  }
}
