package vn.sen.app.companion.checkin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * Named sections of phrases, read once from {@code companion/checkin/lexicon.txt} ({@code [section]} headers,
 * one phrase a line, {@code #} comments). Thread-safe once built.
 */
final class Lexicon {
  /** Words that carry politeness, not meaning, ignored by whole-message phrases. */
  private static final Set<String> PARTICLES = Set.of("a", "nhe", "nha", "ha", "oi", "vay", "do", "day",
      "da", "vang", "please", "ne", "u", "uh", "uk", "thi");

  private final Map<String, List<Phrase>> sections;

  private Lexicon(Map<String, List<Phrase>> sections) {
    this.sections = sections;
  }

  static Lexicon load(String resource) {
    InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Missing lexicon resource " + resource);
    }
    Map<String, List<Phrase>> sections = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Phrase> current = null;
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("# ") || s.equals("#")) {
          continue;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
          current = sections.computeIfAbsent(s.substring(1, s.length() - 1), k -> new ArrayList<>());
        } else if (current == null) {
          throw new IllegalStateException("Phrase outside a section in " + resource + ": " + s);
        } else {
          current.add(Phrase.parse(s));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<Phrase>> frozen = new LinkedHashMap<>();
    sections.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new Lexicon(Map.copyOf(frozen));
  }

  /** Section names starting with {@code prefix}, sorted. */
  List<String> sectionsStartingWith(String prefix) {
    List<String> out = new ArrayList<>();
    for (String s : sections.keySet()) {
      if (s.startsWith(prefix)) {
        out.add(s);
      }
    }
    out.sort(null);
    return out;
  }

  /** Every match of the section's phrases, in text order. */
  List<Hit> find(String section, CheckinText text) {
    List<Phrase> phrases = sections.get(section);
    if (phrases == null) {
      throw new IllegalArgumentException("No lexicon section " + section);
    }
    List<Token> content = content(text);
    List<Hit> hits = new ArrayList<>();
    for (Phrase p : phrases) {
      hits.addAll(p.find(text, content));
    }
    hits.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return hits;
  }

  boolean any(String section, CheckinText text) {
    return !find(section, text).isEmpty();
  }

  private static List<Token> content(CheckinText text) {
    List<Token> out = new ArrayList<>(text.size());
    for (Token t : text.tokens()) {
      if (!PARTICLES.contains(t.folded())) {
        out.add(t);
      }
    }
    return out;
  }
}
