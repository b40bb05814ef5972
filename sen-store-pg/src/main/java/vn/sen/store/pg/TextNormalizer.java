package vn.sen.store.pg;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds strings for case- and accent-insensitive matching, as FHIR string search requires: lower
 * case, combining marks removed, đ → d, white space collapsed. "Nguyễn Văn Đức" → "nguyen van duc".
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  public static String normalize(String value) {
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean space = false;
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isWhitespace(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      if (c == 'đ' || c == 'Đ') {
        out.append('d');
      } else {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
