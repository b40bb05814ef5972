package vn.sen.app.companion.checkin;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.DoseTime.Day;
import vn.sen.app.companion.checkin.DoseTime.Period;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * Finds which dose a message is about from its time words: "sáng nay", "tối qua", "thuốc trưa", "last
 * night", "this morning". A period bound to a dose noun ("thuốc sáng", "evening dose") wins over others
 * ("trưa mới nhớ ra uống thuốc sáng" is about the morning dose).
 */
final class DoseTimes {
  /** A period named in the text. */
  record Mention(Period period, @Nullable Day day, int start, boolean bound) {}

  /** Ambiguous without diacritics: "toi" (tôi/tối), "sang" (sang/sáng), "dem" (đem/đêm). */
  private static final WordSet AMBIGUOUS = WordSet.of("toi", "sang", "dem");
  private static final WordSet BEFORE_PERIOD = WordSet.of("buổi", "thuốc", "liều", "viên", "ăn", "sau", "trước",
      "từ", "lúc", "uống", "cữ", "tối", "sáng", "trưa", "chiều");
  private static final WordSet AFTER_PERIOD = WordSet.of("qua", "nay", "hôm");
  private static final WordSet TODAY_AFTER = WordSet.of("nay");
  private static final WordSet YESTERDAY_AFTER = WordSet.of("qua");
  private static final WordSet THIS = WordSet.of("this", "tonight");
  private static final WordSet LAST = WordSet.of("last", "yesterday", "yesterdays");
  private static final WordSet GOOD = WordSet.of("good");
  private static final WordSet VI_DOSE_NOUNS = WordSet.of("thuốc", "liều", "viên", "cữ", "cử");
  private static final WordSet EN_DOSE_NOUNS = WordSet.of("dose", "pills", "pill", "meds", "medicine", "medication",
      "tablets", "tablet", "doses");

  private final Lexicon lexicon;

  DoseTimes(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  List<Mention> mentions(CheckinText text) {
    List<Mention> out = new ArrayList<>();
    for (Period p : Period.values()) {
      for (Hit h : lexicon.find("period." + p.code(), text)) {
        Mention m = mention(text, p, h);
        if (m != null) {
          out.add(m);
        }
      }
    }
    out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return out;
  }

  private @Nullable Mention mention(CheckinText text, Period p, Hit h) {
    Token first = text.token(h.start());
    Token before = h.start() > 0 ? text.token(h.start() - 1) : null;
    Token after = h.end() < text.size() ? text.token(h.end()) : null;
    if (before != null && GOOD.contains(before)) {
      return null;
    }
    if (h.end() - h.start() == 1 && !first.accented() && AMBIGUOUS.contains(first)
        && !(after != null && AFTER_PERIOD.contains(after)) && !(before != null && BEFORE_PERIOD.contains(before))) {
      return null;
    }
    Day day = null;
    if (after != null && after.clause() == first.clause()) {
      if (TODAY_AFTER.contains(after)) {
        day = Day.TODAY;
      } else if (YESTERDAY_AFTER.contains(after)) {
        day = Day.YESTERDAY;
      }
    }
    if (first.folded().equals("tonight")) {
      day = Day.TODAY;
    }
    boolean bound = false;
    for (int k = 1; k <= 2; k++) {
      int i = h.start() - k;
      if (i >= 0 && text.token(i).clause() == first.clause()) {
        Token t = text.token(i);
        if (LAST.contains(t) && day == null) {
          day = Day.YESTERDAY;
        } else if (THIS.contains(t) && day == null) {
          day = Day.TODAY;
        }
        bound |= k == 1 && VI_DOSE_NOUNS.contains(t);
        bound |= k == 2 && VI_DOSE_NOUNS.contains(t) && text.token(i + 1).folded().equals("buoi");
      }
      int j = h.end() - 1 + k;
      if (j < text.size() && text.token(j).clause() == first.clause() && EN_DOSE_NOUNS.contains(text.token(j))) {
        bound = true;
      }
    }
    return new Mention(p, day, h.start(), bound);
  }

  /** The day named on its own: "hôm qua", "yesterday", "hôm nay", "today"; null when none. */
  @Nullable Day standaloneDay(CheckinText text) {
    for (Hit h : lexicon.find("day.yesterday", text)) {
      Token t = text.token(h.start());
      boolean alone = h.end() - h.start() == 2 || t.folded().startsWith("yesterday");
      if (alone) {
        return Day.YESTERDAY;
      }
    }
    for (Hit h : lexicon.find("day.today", text)) {
      Token t = text.token(h.start());
      if (h.end() - h.start() == 2 || t.folded().equals("today")) {
        return Day.TODAY;
      }
    }
    return null;
  }

  /** The dose the message is about, on the calendar of {@code today}; null when it names no time. */
  @Nullable DoseTime doseTime(CheckinText text, LocalDate today) {
    List<Mention> mentions = mentions(text);
    Day alone = standaloneDay(text);
    if (mentions.isEmpty()) {
      return alone == Day.YESTERDAY ? new DoseTime(null, Day.YESTERDAY, today.minusDays(1)) : null;
    }
    Mention chosen = mentions.get(0);
    for (Mention m : mentions) {
      if (m.bound()) {
        chosen = m;
        break;
      }
    }
    Day day = chosen.day();
    for (Mention m : mentions) {
      if (day == null && m.period() == chosen.period()) {
        day = m.day();
      }
    }
    if (day == null) {
      day = alone != null ? alone : Day.TODAY;
    }
    return new DoseTime(chosen.period(), day, day == Day.YESTERDAY ? today.minusDays(1) : today);
  }

  /** Whether the message names two different doses, e.g. the morning dose taken at noon ("took it late"). */
  boolean displaced(CheckinText text) {
    List<Mention> mentions = mentions(text);
    Mention bound = null;
    for (Mention m : mentions) {
      if (m.bound()) {
        bound = m;
      }
    }
    if (bound == null) {
      return false;
    }
    for (Mention m : mentions) {
      Day d1 = bound.day() == null ? Day.TODAY : bound.day();
      Day d2 = m.day() == null ? Day.TODAY : m.day();
      if (m != bound && (m.period() != bound.period() || d1 != d2)) {
        return true;
      }
    }
    return false;
  }
}
