package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.List;

/** Text-level helpers for expressions: top-level union branches and outer parentheses. */
final class Expressions {

  private Expressions() {}

  /** The branches of a top-level {@code |} union, trimmed; the expression itself if none. */
  static List<String> splitUnion(String expression) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c == '\'' && (i == 0 || expression.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && c == '|') {
        parts.add(expression.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(expression.substring(start).trim());
    return parts;
  }

  /** The expression without parentheses that enclose all of it. */
  static String unwrap(String expression) {
    String s = expression.trim();
    while (s.startsWith("(") && closingParen(s) == s.length() - 1) {
      s = s.substring(1, s.length() - 1).trim();
    }
    return s;
  }

  private static int closingParen(String s) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
