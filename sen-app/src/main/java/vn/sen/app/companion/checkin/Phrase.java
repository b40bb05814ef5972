package vn.sen.app.companion.checkin;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.CheckinText.Token;

/**
 * One lexicon phrase, matched token by token within a clause. Syntax: words separated by spaces;
 * {@code a/b} alternatives; {@code ~} skips up to four words; {@code ^word} needs its diacritics; {@code <n>} is a number; a leading
 * {@code !a/b} says the word before must not be one of these, a trailing one the word after; a leading
 * {@code =} makes the phrase the whole message (particles such as "ạ", "nhé" aside). A word written with
 * diacritics matches a token typed with diacritics only when they agree, and any token typed without.
 */
final class Phrase {
  private static final int MAX_GAP = 4;

  /** A word form: keyed (diacritics, tone last) and folded; {@code ^word} only matches it typed with diacritics. */
  record Form(String key, String folded, boolean accentedOnly) {
    boolean matches(Token t) {
      return t.accented() ? key.equals(t.key()) : !accentedOnly && folded.equals(t.folded());
    }

    static Form of(String word) {
      boolean strict = word.startsWith("^");
      String w = strict ? word.substring(1) : word;
      return new Form(CheckinText.key(w), CheckinText.fold(w), strict);
    }
  }

  private sealed interface Element permits Word, Gap, Num {}

  private record Word(List<Form> forms) implements Element {
    boolean matches(Token t) {
      for (Form f : forms) {
        if (f.matches(t)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Gap() implements Element {}

  private record Num() implements Element {}

  /** A match: tokens {@code [start, end)}. */
  record Hit(int start, int end) {}

  private final String source;
  private final List<Element> elements;
  private final @Nullable Word notBefore;
  private final @Nullable Word notAfter;
  private final boolean whole;

  private Phrase(String source, List<Element> elements, @Nullable Word notBefore, @Nullable Word notAfter,
      boolean whole) {
    this.source = source;
    this.elements = elements;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.whole = whole;
  }

  static Phrase parse(String line) {
    String s = line.strip();
    boolean whole = s.startsWith("=");
    if (whole) {
      s = s.substring(1).strip();
    }
    String[] parts = s.split("\\s+");
    Word before = null;
    Word after = null;
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.startsWith("!") && i == 0) {
        before = word(p.substring(1));
      } else if (p.startsWith("!") && i == parts.length - 1) {
        after = word(p.substring(1));
      } else if (p.equals("~")) {
        elements.add(new Gap());
      } else if (p.equals("<n>")) {
        elements.add(new Num());
      } else {
        elements.add(word(p));
      }
    }
    if (elements.isEmpty() || elements.get(0) instanceof Gap) {
      throw new IllegalArgumentException("Lexicon phrase must start with a word: " + line);
    }
    return new Phrase(line, List.copyOf(elements), before, after, whole);
  }

  private static Word word(String alternatives) {
    List<Form> forms = new ArrayList<>();
    for (String a : alternatives.split("/")) {
      forms.add(Form.of(a.replace('_', ' ')));
    }
    return new Word(List.copyOf(forms));
  }

  /** Every non-overlapping match in the text, left to right. */
  List<Hit> find(CheckinText text, List<Token> content) {
    List<Hit> hits = new ArrayList<>();
    if (whole) {
      if (content.size() == elements.size()) {
        for (int i = 0; i < content.size(); i++) {
          if (!(elements.get(i) instanceof Word w && w.matches(content.get(i)))
              && !(elements.get(i) instanceof Num && content.get(i).isNumber())) {
            return hits;
          }
        }
        hits.add(new Hit(0, text.size()));
      }
      return hits;
    }
    int i = 0;
    while (i < text.size()) {
      int end = matchFrom(text, 0, i, i);
      if (end > 0 && guards(text, i, end)) {
        hits.add(new Hit(i, end));
        i = end;
      } else {
        i++;
      }
    }
    return hits;
  }

  private boolean guards(CheckinText text, int start, int end) {
    if (notBefore != null && start > 0 && text.token(start - 1).clause() == text.token(start).clause()
        && notBefore.matches(text.token(start - 1))) {
      return false;
    }
    return notAfter == null || end >= text.size() || text.token(end).clause() != text.token(end - 1).clause()
        || !notAfter.matches(text.token(end));
  }

  /** Matches elements from {@code e} at token {@code t}; returns the end token or -1. */
  private int matchFrom(CheckinText text, int e, int t, int start) {
    if (e == elements.size()) {
      return t;
    }
    if (t >= text.size() || text.token(t).clause() != text.token(start).clause()) {
      return -1;
    }
    Element el = elements.get(e);
    if (el instanceof Gap) {
      for (int skip = 0; skip <= MAX_GAP; skip++) {
        int at = t + skip;
        if (at > t && (at > text.size() || text.token(at - 1).clause() != text.token(start).clause())) {
          break;
        }
        int end = matchFrom(text, e + 1, at, start);
        if (end > 0) {
          return end;
        }
      }
      return -1;
    }
    Token tok = text.token(t);
    boolean ok = el instanceof Num ? tok.isNumber() : ((Word) el).matches(tok);
    return ok ? matchFrom(text, e + 1, t + 1, start) : -1;
  }

  @Override
  public String toString() {
    return source;
  }
}
