package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.sen.app.companion.schedule.PhaseDraft.Unreadable;

/**
 * The word classes of dose instructions (on the folded words of {@link SigTokens}) and a cursor over
 * one instruction's words with the tests the parser's patterns are written in.
 */
abstract class SigCursor {
  static final Set<String> DAY = Set.of("ngay", "ng", "day", "days");
  static final Set<String> WEEK = Set.of("tuan", "week", "weeks", "wk", "wks");
  static final Set<String> MONTH = Set.of("thang", "month", "months", "mo");
  static final Set<String> HOUR = Set.of("gio", "h", "tieng", "hour", "hours", "hr", "hrs");
  static final Set<String> MINUTE = Set.of("phut", "minute", "minutes", "min", "mins");
  static final Set<String> TIMES = Set.of("lan", "l", "times", "time");
  static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("vien", "tab"), Map.entry("v", "tab"), Map.entry("tab", "tab"), Map.entry("tabs", "tab"),
      Map.entry("tablet", "tab"), Map.entry("tablets", "tab"), Map.entry("nang", "cap"),
      Map.entry("cap", "cap"), Map.entry("caps", "cap"), Map.entry("capsule", "cap"),
      Map.entry("capsules", "cap"), Map.entry("goi", "sachet"), Map.entry("sachet", "sachet"),
      Map.entry("sachets", "sachet"), Map.entry("nhat", "puff"), Map.entry("puff", "puff"),
      Map.entry("puffs", "puff"), Map.entry("ml", "ml"), Map.entry("giot", "drop"), Map.entry("drop", "drop"),
      Map.entry("drops", "drop"), Map.entry("ong", "amp"), Map.entry("ampoule", "amp"),
      Map.entry("ui", "IU"), Map.entry("iu", "IU"), Map.entry("units", "IU"), Map.entry("mg", "mg"),
      Map.entry("thia", "spoon"), Map.entry("muong", "spoon"), Map.entry("teaspoon", "spoon"),
      Map.entry("spoon", "spoon"));
  static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
      Map.entry("monday", DayOfWeek.MONDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
      Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
      Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
      Map.entry("sunday", DayOfWeek.SUNDAY));
  static final Map<String, Integer> THU = Map.ofEntries(
      Map.entry("2", 2), Map.entry("hai", 2), Map.entry("3", 3), Map.entry("ba", 3), Map.entry("4", 4),
      Map.entry("tu", 4), Map.entry("5", 5), Map.entry("nam", 5), Map.entry("6", 6), Map.entry("sau", 6),
      Map.entry("7", 7), Map.entry("bay", 7));
  static final Set<String> SEPARATORS = Set.of(",", ".", ";", ":", "(", ")", "-", "va", "and", "&");
  /** Words that carry no schedule: the verb, the route, linking words. */
  static final List<List<String>> FILLERS = words(
      "uong", "dung", "ngam", "duoi luoi", "tiem duoi da", "tiem", "duoi da", "nho mat", "nho", "xit", "hit",
      "take", "by mouth", "po", "orally", "oral", "inhale", "use", "vao", "in the", "on", "at", "uong thuoc");
  /** Advice that changes no schedule; kept out of the regimen. */
  static final List<List<String>> ADVICE = words(
      "voi nhieu nuoc", "voi nuoc", "pha voi nuoc", "pha nuoc", "suc mieng sau khi hit", "suc mieng sau hit",
      "dung gio", "with water", "with a full glass of water");

  static List<List<String>> words(String... phrases) {
    List<List<String>> out = new ArrayList<>();
    for (String p : phrases) {
      out.add(List.of(p.split(" ")));
    }
    out.sort((a, b) -> b.size() - a.size());
    return List.copyOf(out);
  }

  protected final SigTokens t;
  /** The position of the next word to read. */
  protected int i;

  SigCursor(SigTokens t) {
    this.t = t;
  }

  // ---- word classes -------------------------------------------------------------------------------

  protected boolean is(int k, String... options) {
    String w = t.get(k);
    for (String o : options) {
      if (o.equals(w)) {
        return true;
      }
    }
    return false;
  }

  protected boolean in(int k, Set<String> set) {
    return set.contains(t.get(k));
  }

  protected boolean num(int k) {
    return SigTokens.value(t.get(k)) != null;
  }

  protected int intAt(int k) {
    BigDecimal v = SigTokens.value(t.get(k));
    if (v == null || v.stripTrailingZeros().scale() > 0) {
      throw new Unreadable("a fraction where a whole number is needed");
    }
    return v.intValueExact();
  }

  /** Length of the unit words at {@code k} (0 if none); {@link #unitCode} gives the code. */
  protected int unitLen(int k) {
    if (is(k, "vien") && is(k + 1, "nang")) {
      return 2;
    }
    if (is(k, "vien") && is(k + 1, "nen")) {
      return 2;
    }
    if (is(k, "don") && is(k + 1, "vi")) {
      return 2;
    }
    if (is(k, "thia", "muong") && is(k + 1, "ca") && is(k + 2, "phe")) {
      return 3;
    }
    return UNITS.containsKey(t.get(k)) ? 1 : 0;
  }

  protected String unitCode(int k) {
    if (is(k, "vien") && is(k + 1, "nang")) {
      return "cap";
    }
    if (is(k, "don") && is(k + 1, "vi")) {
      return "IU";
    }
    return UNITS.get(t.get(k));
  }

  protected boolean phrase(List<List<String>> phrases) {
    for (List<String> p : phrases) {
      boolean match = true;
      for (int k = 0; k < p.size() && match; k++) {
        match = is(i + k, p.get(k));
      }
      if (match) {
        i += p.size();
        return true;
      }
    }
    return false;
  }
}
