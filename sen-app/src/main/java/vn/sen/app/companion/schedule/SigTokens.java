package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The words of an instruction, folded for matching: lower case, Vietnamese diacritics removed ("đ" is
 * "d"), digits split from letters ("1v" is "1 v", "8h" is "8 h"), numbers kept whole ("1,5", "1/2",
 * "1-2"). Folding makes "sáng" and "sang" one word; the parser's patterns are written on the folded form.
 */
final class SigTokens {
  private static final Map<String, Integer> NUMBER_WORDS = Map.of(
      "mot", 1, "hai", 2, "ba", 3, "bon", 4, "one", 1, "two", 2, "three", 3, "four", 4);

  private final List<String> words;

  private SigTokens(List<String> words) {
    this.words = List.copyOf(words);
  }

  static SigTokens of(String text) {
    return new SigTokens(split(fold(text)));
  }

  List<String> words() {
    return words;
  }

  int size() {
    return words.size();
  }

  String get(int i) {
    return i < words.size() ? words.get(i) : "";
  }

  static String fold(String text) {
    String s = text.replace("½", " 1/2 ").replace("≥", " tren ").replace(">", " tren ").replace("°", " do ")
        .replace('Đ', 'd').replace('đ', 'd').toLowerCase(Locale.ROOT);
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (isDigit(c)) {
        i = number(s, i, out);
      } else if (c >= 'a' && c <= 'z') {
        int end = i;
        while (end < s.length() && s.charAt(end) >= 'a' && s.charAt(end) <= 'z') {
          end++;
        }
        out.add(s.substring(i, end));
        i = end;
      } else {
        out.add(String.valueOf(c));
        i++;
      }
    }
    return out;
  }

  /** A number: {@code 12}, {@code 1,5} or {@code 1.5}, {@code 1/2}, a range {@code 1-2}; {@code 1-0-1} stays odd. */
  private static int number(String s, int start, List<String> out) {
    int i = digits(s, start);
    if (i + 1 < s.length() && (s.charAt(i) == ',' || s.charAt(i) == '.') && isDigit(s.charAt(i + 1))) {
      i = digits(s, i + 1);
    } else if (i + 1 < s.length() && s.charAt(i) == '/' && isDigit(s.charAt(i + 1))) {
      i = digits(s, i + 1);
    }
    int end = i;
    while (end + 1 < s.length() && s.charAt(end) == '-' && isDigit(s.charAt(end + 1))) {
      end = digits(s, end + 1);
    }
    String token = s.substring(start, end).replace(',', '.');
    long dashes = token.chars().filter(ch -> ch == '-').count();
    // "1-0-1" is a pattern some write for morning-noon-evening; it is not read, so it stays one odd word.
    out.add(dashes > 1 ? "?" + token : token);
    return end;
  }

  private static int digits(String s, int i) {
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The value of a plain number, fraction or number word; null for anything else (ranges included). */
  static @Nullable BigDecimal value(String word) {
    Integer named = NUMBER_WORDS.get(word);
    if (named != null) {
      return BigDecimal.valueOf(named);
    }
    if (word.isEmpty() || !isDigit(word.charAt(0)) || word.indexOf('-') >= 0) {
      return null;
    }
    int slash = word.indexOf('/');
    if (slash > 0) {
      BigDecimal den = new BigDecimal(word.substring(slash + 1));
      if (den.signum() == 0) {
        return null;
      }
      return new BigDecimal(word.substring(0, slash)).divide(den, 4, java.math.RoundingMode.HALF_UP)
          .stripTrailingZeros();
    }
    return new BigDecimal(word);
  }

  /** A range {@code low-high} as two values; null when {@code word} is not one. */
  static BigDecimal @Nullable [] range(String word) {
    int dash = word.indexOf('-');
    if (word.isEmpty() || word.startsWith("?") || dash <= 0) {
      return null;
    }
    return new BigDecimal[] {new BigDecimal(word.substring(0, dash)), new BigDecimal(word.substring(dash + 1))};
  }
}
