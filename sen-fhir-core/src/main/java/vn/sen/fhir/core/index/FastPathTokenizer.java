package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a FHIRPath expression into tokens for {@link FastPathParser}. A string literal becomes its
 * unescaped text prefixed with a single quote; a delimited identifier keeps its backticks.
 */
final class FastPathTokenizer {

  private FastPathTokenizer() {}

  static List<String> tokenize(String expression) throws FastPathParser.Unsupported {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = expression.length();
    while (i < n) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
          i++;
        }
        tokens.add(expression.substring(start, i));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && Character.isDigit(expression.charAt(i))) {
          i++;
        }
        tokens.add(expression.substring(start, i));
      } else if (c == '\'') {
        i = string(expression, i, tokens);
      } else if (c == '`') {
        int end = expression.indexOf('`', i + 1);
        if (end < 0) {
          throw new FastPathParser.Unsupported("unterminated identifier");
        }
        tokens.add(expression.substring(i, end + 1));
        i = end + 1;
      } else if (c == '!' && i + 1 < n && expression.charAt(i + 1) == '=') {
        tokens.add("!=");
        i += 2;
      } else if (".|()[]=,".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        throw new FastPathParser.Unsupported("operator '" + c + "'");
      }
    }
    return tokens;
  }

  private static int string(String expression, int start, List<String> tokens)
      throws FastPathParser.Unsupported {
    StringBuilder sb = new StringBuilder("'");
    int i = start + 1;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '\'') {
        tokens.add(sb.toString());
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= expression.length()) {
          break;
        }
        char e = expression.charAt(i + 1);
        switch (e) {
          case '\'', '\\', '"', '`', '/' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          default -> throw new FastPathParser.Unsupported("escape \\" + e);
        }
        i += 2;
      } else {
        sb.append(c);
        i++;
      }
    }
    throw new FastPathParser.Unsupported("unterminated string");
  }

  static boolean isIdentifier(String token) {
    char c = token.charAt(0);
    return c == '`' || Character.isLetter(c) || c == '_';
  }
}
