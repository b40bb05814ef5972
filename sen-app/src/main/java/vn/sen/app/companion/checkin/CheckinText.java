package vn.sen.app.companion.checkin;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A message split into clauses and tokens, each token kept in two forms: folded (no diacritics, đ→d) and
 * keyed (diacritics kept, the tone mark moved to the end so that old and new tone placement, "hoà" and
 * "hòa", compare equal). Teen-code and abbreviations are expanded to their full Vietnamese words first
 * ("k" → "không", "r" → "rồi", "dc" → "được"). Immutable.
 */
final class CheckinText {

  /**
   * One word or number.
   *
   * @param folded lower case without diacritics
   * @param key lower case with diacritics, tone mark last
   * @param accented whether the writer typed diacritics on it
   * @param clause index of the clause it belongs to
   * @param number its value when it is a number, else NaN
   * @param second the second number of a pair such as {@code 200/110}, else NaN
   */
  record Token(String folded, String key, boolean accented, int clause, double number, double second) {
    boolean isNumber() {
      return !Double.isNaN(number);
    }
  }

  private static final Set<Character> BOUNDARIES = Set.of(',', '.', ';', '!', ':', '?', '\n', '(', ')');
  private static final Set<String> CONJUNCTIONS = Set.of("nhưng", "mà", "but", "nhung");
  private static final Map<String, String> EXPANSIONS = Map.ofEntries(
      Map.entry("k", "không"), Map.entry("ko", "không"), Map.entry("kg", "không"), Map.entry("kh", "không"),
      Map.entry("khg", "không"), Map.entry("hok", "không"), Map.entry("hem", "không"), Map.entry("ko0", "không"),
      Map.entry("r", "rồi"), Map.entry("rui", "rồi"), Map.entry("roai", "rồi"),
      Map.entry("dc", "được"), Map.entry("dk", "được"), Map.entry("dx", "được"), Map.entry("duoc", "được"),
      Map.entry("j", "gì"), Map.entry("ji", "gì"), Map.entry("bn", "bao nhiêu"), Map.entry("ntn", "như thế nào"),
      Map.entry("hqua", "hôm qua"), Map.entry("hq", "hôm qua"), Map.entry("hnay", "hôm nay"),
      Map.entry("hum", "hôm"), Map.entry("wa", "quá"), Map.entry("qa", "quá"),
      Map.entry("bs", "bác sĩ"), Map.entry("bsi", "bác sĩ"), Map.entry("vs", "với"), Map.entry("e", "em"),
      Map.entry("ng", "người"), Map.entry("h", "giờ"), Map.entry("uog", "uống"), Map.entry("xog", "xong"), Map.entry("qen", "quên"),
      Map.entry("ms", "mới"), Map.entry("mun", "muốn"), Map.entry("chx", "chưa"), Map.entry("oke", "ok"),
      Map.entry("okie", "ok"), Map.entry("okay", "ok"), Map.entry("tks", "thanks"), Map.entry("thx", "thanks"),
      Map.entry("nt", "nhắn tin"), Map.entry("tn", "tin nhắn"), Map.entry("mik", "mình"), Map.entry("mk", "mình"),
      Map.entry("bt", "bình thường"), Map.entry("bp", "blood pressure"), Map.entry("đg", "đang"),
      Map.entry("dg", "đang"));
  /** Short forms typed with diacritics that are still short forms (others with diacritics are real words). */
  private static final Set<String> ACCENTED_SHORT = Set.of("đc", "đk", "đg", "rùi", "ròi", "qên", "mún", "kô", "hổng");
  private static final Set<String> BP_NEXT = Set.of("cao", "thap", "len", "tang", "toi", "nay", "sang");
  private static final Set<String> BP_PREVIOUS = Set.of("thuoc", "do");

  private final List<Token> tokens;
  private final boolean[] questionMark;
  private final int clauses;

  private CheckinText(List<Token> tokens, boolean[] questionMark, int clauses) {
    this.tokens = tokens;
    this.questionMark = questionMark;
    this.clauses = clauses;
  }

  static CheckinText of(String text) {
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    List<Token> out = new ArrayList<>();
    List<Boolean> marks = new ArrayList<>();
    marks.add(false);
    int clause = 0;
    boolean clauseHasWords = false;
    int i = 0;
    int n = nfc.length();
    while (i < n) {
      char c = nfc.charAt(i);
      if (Character.isLetter(c)) {
        int start = i;
        while (i < n && (Character.isLetter(nfc.charAt(i)) || Character.getType(nfc.charAt(i)) == Character.NON_SPACING_MARK
            || isApostrophe(nfc, i))) {
          i++;
        }
        String word = nfc.substring(start, i);
        boolean upper = word.length() == 2 && word.equals(word.toUpperCase(Locale.ROOT));
        word = word.toLowerCase(Locale.ROOT).replace("'s", "").replace("’s", "").replace("'", "").replace("’", "");
        if (CONJUNCTIONS.contains(word) && clauseHasWords) {
          clause++;
          marks.add(false);
          clauseHasWords = false;
          continue;
        }
        clauseHasWords |= addWord(out, word, upper, clause);
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && (Character.isDigit(nfc.charAt(i))
            || ((nfc.charAt(i) == '.' || nfc.charAt(i) == ',' || nfc.charAt(i) == '/') && i + 1 < n
                && Character.isDigit(nfc.charAt(i + 1))))) {
          i++;
        }
        out.add(number(nfc.substring(start, i), clause));
        clauseHasWords = true;
        if (i < n && (nfc.charAt(i) == 'h' || nfc.charAt(i) == 'H') && (i + 1 == n || !Character.isLetter(nfc.charAt(i + 1)))) {
          out.add(word("giờ", clause));
          i++;
        }
      } else {
        if (BOUNDARIES.contains(c) && clauseHasWords) {
          if (c == '?') {
            marks.set(clause, true);
          }
          clause++;
          marks.add(false);
          clauseHasWords = false;
        } else if (c == '?' && clause > 0 && !clauseHasWords) {
          marks.set(clause - 1, true);
        }
        i++;
      }
    }
    boolean[] q = new boolean[marks.size()];
    for (int k = 0; k < q.length; k++) {
      q[k] = marks.get(k);
    }
    return new CheckinText(List.copyOf(bloodPressureAbbreviations(out)), q, clauseHasWords ? clause + 1 : clause);
  }

  /** A bare "ha" next to a reading or after "thuốc"/"đo" is "huyết áp" (the upper-case "HA" always is). */
  private static List<Token> bloodPressureAbbreviations(List<Token> in) {
    List<Token> out = new ArrayList<>(in.size() + 2);
    for (int i = 0; i < in.size(); i++) {
      Token t = in.get(i);
      boolean ha = t.folded().equals("ha") && !t.accented()
          && ((i + 1 < in.size() && (in.get(i + 1).isNumber() || BP_NEXT.contains(in.get(i + 1).folded())))
              || (i > 0 && BP_PREVIOUS.contains(in.get(i - 1).folded())));
      if (ha) {
        out.add(word("huyết", t.clause()));
        out.add(word("áp", t.clause()));
      } else {
        out.add(t);
      }
    }
    return out;
  }

  private static boolean isApostrophe(String s, int i) {
    char c = s.charAt(i);
    return (c == '\'' || c == '’') && i > 0 && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1));
  }

  /** Adds a word, expanded when it is a known short form; returns whether anything was added. */
  private static boolean addWord(List<Token> out, String word, boolean upper, int clause) {
    String folded = fold(word);
    if (upper && folded.equals("ha")) {
      out.add(word("huyết", clause));
      out.add(word("áp", clause));
      return true;
    }
    String expansion = EXPANSIONS.get(folded);
    if (expansion != null && (folded.equals(word) || ACCENTED_SHORT.contains(word))) {
      for (String part : expansion.split(" ")) {
        out.add(word(part, clause));
      }
      return true;
    }
    out.add(word(word, clause));
    return true;
  }

  static Token word(String word, int clause) {
    String folded = fold(word);
    String key = key(word);
    return new Token(folded, key, !folded.equals(word), clause, Double.NaN, Double.NaN);
  }

  private static Token number(String digits, int clause) {
    int slash = digits.indexOf('/');
    double first;
    double second = Double.NaN;
    try {
      if (slash > 0) {
        first = Double.parseDouble(digits.substring(0, slash).replace(',', '.'));
        second = Double.parseDouble(digits.substring(slash + 1).replace(',', '.'));
      } else {
        first = Double.parseDouble(digits.replace(',', '.'));
      }
    } catch (NumberFormatException e) {
      first = Double.NaN;
    }
    return new Token(digits, digits, false, clause, first, second);
  }

  /** Lower case, diacritics removed, đ → d. */
  static String fold(String s) {
    String d = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      b.append(c == 'đ' ? 'd' : c);
    }
    return b.toString();
  }

  /** Lower case with diacritics; the tone mark (one of five) moved to the end. */
  static String key(String s) {
    String d = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    char tone = 0;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '\u0300' || c == '\u0301' || c == '\u0303' || c == '\u0309' || c == '\u0323') {
        tone = c;
      } else {
        b.append(c);
      }
    }
    String base = Normalizer.normalize(b.toString(), Normalizer.Form.NFC);
    return tone == 0 ? base : base + tone;
  }

  List<Token> tokens() {
    return tokens;
  }

  int size() {
    return tokens.size();
  }

  Token token(int i) {
    return tokens.get(i);
  }

  int clauses() {
    return clauses;
  }

  /** Whether the writer ended clause {@code c} with a question mark. */
  boolean questionMark(int c) {
    return c < questionMark.length && questionMark[c];
  }

}
