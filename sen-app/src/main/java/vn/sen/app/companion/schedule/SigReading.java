package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.EventTimings.Meal;
import vn.sen.app.companion.schedule.EventTimings.TimeOfDay;
import vn.sen.app.companion.schedule.PhaseDraft.DraftSlot;
import vn.sen.app.companion.schedule.PhaseDraft.Unreadable;
import vn.sen.app.companion.schedule.SigPhase.Frequency;
import vn.sen.app.companion.schedule.SigPhase.Span;

/**
 * One pass over one instruction's words: at each position the patterns are tried in a fixed order
 * (steps, as needed, intervals, frequencies, durations, meals, times of day, clock times, weekdays,
 * period words, amounts, offsets, advice, fillers) and the first that matches consumes its words; a
 * position where none matches makes the instruction unreadable. The grammar is kept in one class, read
 * top to bottom, because the order of the patterns is part of it.
 */
final class SigReading extends AsNeededPatterns {
  private final List<PhaseDraft> done = new ArrayList<>();
  /** The last thing read was a time of day (an amount right after it is that time's amount). */
  private @Nullable DraftSlot lastSlot;
  /** The last thing read was a meal relation or bedtime (minutes after it are an offset). */
  private boolean lastMealish;
  private boolean ended;

  SigReading(SigTokens t) {
    super(t);
  }

  SigResult run() {
    while (i < t.size()) {
      if (ended) {
        throw new Unreadable("words after 'then stop'");
      }
      int before = i;
      step();
      if (i == before) {
        throw new Unreadable("unknown word '" + shown(t.get(i)) + "'");
      }
    }
    finishPhase();
    if (done.isEmpty()) {
      throw new Unreadable("no dose or frequency");
    }
    boolean taper = done.size() > 1;
    List<SigPhase> phases = new ArrayList<>();
    for (PhaseDraft d : done) {
      phases.add(d.resolve(taper));
    }
    for (int k = 0; k < phases.size() - 1; k++) {
      if (phases.get(k).duration() == null) {
        throw new Unreadable("a step before the last without its length");
      }
    }
    return new SigResult.Parsed(phases);
  }

  private static String shown(String w) {
    return w.length() > 24 ? w.substring(0, 24) : w;
  }

  private void finishPhase() {
    if (!cur.isEmpty()) {
      done.add(cur);
    }
    cur = new PhaseDraft();
    lastSlot = null;
    lastMealish = false;
  }

  /** Reads one construct at {@code i}; leaves {@code i} unchanged when nothing matches. */
  private void step() {
    String w = t.get(i);
    if (SEPARATORS.contains(w)) {
      i++;
      return;
    }
    if (phase() || asNeeded() || maximum() || interval() || frequency() || duration() || meal() || slot()
        || clock() || weekday() || marker() || amount() || offset() || phrase(ADVICE) || phrase(FILLERS)) {
      return;
    }
  }

  private void read(int end) {
    i = end;
    cur.content = true;
  }

  /** Any construct other than an amount or a time of day ends the pending amount's chance to bind. */
  @Override
  void other(int end) {
    cur.settlePending();
    lastSlot = null;
    lastMealish = false;
    read(end);
  }

  // ---- tapering steps ------------------------------------------------------------------------------

  private boolean phase() {
    if (is(i, "sau") && is(i + 1, "do") || is(i, "then")) {
      if (is(i + 1, "stop") || is(i + 2, "ngung")) {
        return stop(i + (is(i, "then") ? 2 : 3));
      }
      newPhase(null, i + (is(i, "then") ? 1 : 2));
      return true;
    }
    if (is(i, "roi") && (is(i + 1, "ngung", "thoi"))) {
      return stop(i + 2 + (is(i + 2, "thuoc") ? 1 : 0));
    }
    if (is(i, "roi")) {
      newPhase(null, i + 1);
      return true;
    }
    if (is(i, "tuan", "ngay") && is(i + 1, "dau")) {
      newPhase(new Span(1, is(i, "tuan") ? "wk" : "d"), i + 2);
      return true;
    }
    if (num(i) && (in(i + 1, DAY) || in(i + 1, WEEK)) && is(i + 2, "dau")) {
      newPhase(new Span(intAt(i), in(i + 1, DAY) ? "d" : "wk"), i + 3);
      return true;
    }
    if (num(i) && in(i + 1, DAY) && is(i + 2, "sau") && !is(i + 3, "an", "khi", "bua")) {
      newPhase(new Span(intAt(i), "d"), i + 3);
      return true;
    }
    if (is(i, "tuan") && num(i + 1) && is(i + 2, ":")) {
      newPhase(new Span(1, "wk"), i + 3);
      return true;
    }
    int k = is(i, "tu") ? i + 1 : i;
    if (is(k, "tuan") && is(k + 1, "thu") && (num(k + 2))) {
      newPhase(null, k + 3);
      return true;
    }
    return false;
  }

  private boolean stop(int end) {
    i = end;
    ended = true;
    return true;
  }

  private void newPhase(@Nullable Span span, int end) {
    if (!cur.isEmpty()) {
      finishPhase();
    }
    cur.duration = span;
    cur.taperStep = true;
    read(end);
  }

  // ---- intervals and frequencies -------------------------------------------------------------------

  private boolean interval() {
    int k = i;
    if (is(k, "q") && num(k + 1) && in(k + 2, HOUR)) {
      cur.everyHours = intAt(k + 1);
      other(k + 3);
      return true;
    }
    if (is(k, "every", "moi") && num(k + 1) && in(k + 2, HOUR)) {
      cur.everyHours = intAt(k + 1);
      other(k + 3 + (is(k + 3, "mot", "1") && in(k + 4, TIMES) ? 2 : 0));
      return true;
    }
    if (num(k) && in(k + 1, HOUR) && (is(k + 2, "1", "mot") && in(k + 3, TIMES))) {
      cur.everyHours = intAt(k);
      other(k + 4);
      return true;
    }
    if (is(k, "cach")) {
      int n = k + 1;
      if (is(n, "nhau")) {
        n++;
      }
      if (is(n, "moi")) {
        n++;
      }
      if (is(n, "it") && is(n + 1, "nhat")) {
        n += 2;
      }
      BigDecimal[] range = SigTokens.range(t.get(n));
      if ((num(n) || range != null) && in(n + 1, HOUR)) {
        if (range != null) {
          cur.spacingLow = range[0].intValueExact();
          cur.spacingHigh = range[1].intValueExact();
        } else {
          cur.spacingLow = intAt(n);
        }
        n += 2;
        if (is(n, "1", "mot") && in(n + 1, TIMES)) {
          n += 2;
        }
        other(n);
        return true;
      }
      if (in(n, DAY) || is(n, "nhat")) {
        cur.otherDay = true;
        other(n + 1);
        return true;
      }
    }
    if (is(k, "every", "each") && is(k + 1, "other") && in(k + 2, DAY) || is(k, "qod")) {
      cur.otherDay = true;
      other(k + (is(k, "qod") ? 1 : 3));
      return true;
    }
    return false;
  }

  private boolean frequency() {
    int k = is(i, "x") ? i + 1 : i;
    // English words first: once / twice / N times + a day | daily | a week | weekly
    Integer count = switch (t.get(k)) {
      case "once" -> 1;
      case "twice" -> 2;
      case "thrice" -> 3;
      default -> null;
    };
    int n = k + 1;
    if (count == null && num(k) && in(k + 1, TIMES) && !is(k + 1, "l", "lan")) {
      count = intAt(k);
      n = k + 2;
    }
    if (count != null) {
      return perPeriod(count, n, true);
    }
    switch (t.get(k)) {
      case "pc", "ac" -> {
        cur.meal(is(k, "pc") ? Meal.AFTER : Meal.BEFORE);
        mealish(k + 1);
        return true;
      }
      case "bid" -> {
        return fixed(new Frequency(2, 1, "d"), k + 1);
      }
      case "tid" -> {
        return fixed(new Frequency(3, 1, "d"), k + 1);
      }
      case "qid" -> {
        return fixed(new Frequency(4, 1, "d"), k + 1);
      }
      case "qd", "od", "daily" -> {
        return fixed(new Frequency(1, 1, "d"), k + 1);
      }
      case "weekly" -> {
        return fixed(new Frequency(1, 1, "wk"), k + 1);
      }
      default -> { }
    }
    // Vietnamese: N lần/ngày, N lần mỗi ngày, ngày (uống) N lần, tuần N lần, N ngày (uống) 1 lần
    if (num(k) && is(k + 1, "lan", "l")) {
      return perPeriod(intAt(k), k + 2, false);
    }
    int u = is(k + 1, "uong") ? k + 2 : k + 1;
    if (in(k, DAY) && num(u) && in(u + 1, TIMES)) {
      return fixed(new Frequency(intAt(u), 1, "d"), u + 2);
    }
    if (in(k, WEEK) && num(u) && in(u + 1, TIMES)) {
      return fixed(new Frequency(intAt(u), 1, "wk"), u + 2);
    }
    if ((is(k, "moi", "hang") && in(k + 1, MONTH)) && num(k + 2) && in(k + 3, TIMES)) {
      return fixed(new Frequency(intAt(k + 2), 1, "mo"), k + 4);
    }
    if (num(k) && in(k + 1, DAY) && !is(k + 2, "dau", "sau")) {
      int v = is(k + 2, "uong") ? k + 3 : k + 2;
      if (num(v) && in(v + 1, TIMES)) {
        return fixed(new Frequency(intAt(v), intAt(k), "d"), v + 2);
      }
    }
    if (is(k, "chia") && num(k + 1) && in(k + 2, TIMES)) {
      cur.split = intAt(k + 1);
      other(k + 3);
      return true;
    }
    return false;
  }

  /** After "N lần" or "twice": the period, or a bare count (period from the rest of the text). */
  private boolean perPeriod(int count, int k, boolean english) {
    int end = perDay(k);
    if (end >= 0) {
      return fixed(new Frequency(count, 1, "d"), end);
    }
    if ((is(k, "/", "a", "per", "moi", "mot", "each") && in(k + 1, WEEK))) {
      return fixed(new Frequency(count, 1, "wk"), k + 2);
    }
    if (is(k, "weekly")) {
      return fixed(new Frequency(count, 1, "wk"), k + 1);
    }
    if ((is(k, "/", "a", "per", "moi", "mot") && in(k + 1, MONTH))) {
      return fixed(new Frequency(count, 1, "mo"), k + 2);
    }
    if (english) {
      return false;
    }
    // "một lần lúc đói": how many doses, the period said elsewhere (or a day).
    cur.frequency(new Frequency(count, 1, cur.weekly ? "wk" : cur.monthly ? "mo" : "d"));
    other(k);
    return true;
  }

  private boolean fixed(Frequency f, int end) {
    cur.frequency(f);
    other(end);
    return true;
  }

  // ---- durations -----------------------------------------------------------------------------------

  private boolean duration() {
    int k = i;
    if (is(k, "trong", "dung", "x", "for") || is(k, "uong") && is(k + 1, "trong")) {
      int n = k + (is(k, "uong") ? 2 : 1);
      if (is(n, "vong")) {
        n++;
      }
      if (num(n) && (in(n + 1, DAY) || in(n + 1, WEEK) || in(n + 1, MONTH))) {
        String unit = in(n + 1, DAY) ? "d" : in(n + 1, WEEK) ? "wk" : "mo";
        if (cur.duration != null) {
          throw new Unreadable("two lengths for one step");
        }
        cur.duration = new Span(intAt(n), unit);
        other(n + 2);
        return true;
      }
    }
    return false;
  }

  // ---- meals, times of day, clock times ------------------------------------------------------------

  private boolean meal() {
    int k = i;
    if (is(k, "luc", "khi", "bung") && is(k + 1, "doi") || is(k, "luc") && is(k + 1, "bung") && is(k + 2, "doi")) {
      cur.fasting = true;
      cur.meal(Meal.BEFORE);
      mealish(k + (is(k + 1, "bung") ? 3 : 2));
      return true;
    }
    if (is(k, "on") && is(k + 1, "an") && is(k + 2, "empty") && is(k + 3, "stomach")) {
      cur.fasting = true;
      cur.meal(Meal.BEFORE);
      mealish(k + 4);
      return true;
    }
    if (is(k, "ngay") && is(k + 1, "sau", "truoc")) {
      k++;
    }
    Meal m = switch (t.get(k)) {
      case "truoc", "before" -> Meal.BEFORE;
      case "sau", "after" -> Meal.AFTER;
      case "trong", "cung", "with" -> Meal.WITH;
      default -> null;
    };
    if (m == null) {
      return false;
    }
    int n = k + 1;
    if (is(n, "khi", "bua")) {
      n++;
    }
    if (is(n, "an") || is(n, "meals", "meal", "food")) {
      n++;
      if (is(n, "no")) {
        n++;
      }
      TimeOfDay tod = switch (t.get(n)) {
        case "sang" -> TimeOfDay.MORNING;
        case "trua" -> TimeOfDay.NOON;
        case "toi", "chieu" -> TimeOfDay.EVENING;
        default -> null;
      };
      if (tod == null) {
        cur.meal(m);
        mealish(n);
        return true;
      }
      mealSlots(m, tod, n + 1);
      return true;
    }
    TimeOfDay tod = switch (t.get(n)) {
      case "breakfast" -> TimeOfDay.MORNING;
      case "lunch" -> TimeOfDay.NOON;
      case "dinner", "supper" -> TimeOfDay.EVENING;
      default -> null;
    };
    if (tod != null && !is(k, "trong", "cung")) {
      mealSlots(m, tod, n + 1);
      return true;
    }
    return false;
  }

  /** "sau ăn sáng và tối": the relation holds for each time joined by "và" or "-". */
  private void mealSlots(Meal m, TimeOfDay first, int end) {
    DraftSlot head = addSlot(first, m);
    int n = end;
    while (is(n, "va", "-", "and")) {
      TimeOfDay next = switch (t.get(n + 1)) {
        case "sang" -> TimeOfDay.MORNING;
        case "trua" -> TimeOfDay.NOON;
        case "toi", "chieu" -> TimeOfDay.EVENING;
        default -> null;
      };
      if (next == null) {
        break;
      }
      addSlot(next, m);
      n += 2;
    }
    if (head.amount != null && cur.slots.get(cur.slots.size() - 1) != head) {
      // "1 viên sau ăn sáng và tối": the amount is that of each of the joined times.
      cur.uniform(head.amount);
      head.amount = null;
    }
    read(n);
    lastMealish = true;
  }

  private void mealish(int end) {
    cur.settlePending();
    lastSlot = null;
    read(end);
    lastMealish = true;
  }

  private boolean slot() {
    int k = i;
    if (is(k, "moi", "buoi", "every", "each")) {
      k++;
    }
    if (is(k, "truoc") && is(k + 1, "khi") && (is(k + 2, "ngu") || is(k + 2, "di") && is(k + 3, "ngu"))) {
      bedtime(k + (is(k + 2, "di") ? 4 : 3));
      return true;
    }
    if (is(k, "bedtime", "qhs", "hs")) {
      bedtime(k + 1);
      return true;
    }
    TimeOfDay tod = switch (t.get(k)) {
      case "sang", "morning", "qam" -> TimeOfDay.MORNING;
      case "trua", "noon", "midday" -> TimeOfDay.NOON;
      case "chieu", "afternoon" -> TimeOfDay.AFTERNOON;
      case "toi", "evening", "qpm" -> TimeOfDay.EVENING;
      case "dem", "night" -> TimeOfDay.NIGHT;
      default -> null;
    };
    if (tod == null) {
      return false;
    }
    int end = k + 1;
    if (tod == TimeOfDay.MORNING && is(end, "som")) {
      end++;
    }
    DraftSlot s = addSlot(tod, null);
    read(end);
    lastSlot = s;
    lastMealish = false;
    return true;
  }

  private void bedtime(int end) {
    DraftSlot last = cur.slots.isEmpty() ? null : cur.slots.get(cur.slots.size() - 1);
    DraftSlot s;
    if (last != null && last.tod == TimeOfDay.EVENING && last.meal == null) {
      // "tối, trước khi ngủ": one dose, at bedtime.
      cur.slots.remove(last);
      s = addSlot(TimeOfDay.BEDTIME, null);
      s.amount = last.amount;
    } else {
      s = addSlot(TimeOfDay.BEDTIME, null);
    }
    read(end);
    lastSlot = s.amount == null ? s : null;
    lastMealish = true;
  }

  private DraftSlot addSlot(TimeOfDay tod, @Nullable Meal meal) {
    DraftSlot s = new DraftSlot(tod, meal);
    if (cur.pending != null) {
      s.amount = cur.pending;
      cur.pending = null;
    }
    cur.slots.add(s);
    return s;
  }

  private boolean clock() {
    int k = is(i, "luc", "vao", "at") ? i + 1 : i;
    if (!num(k)) {
      return false;
    }
    int hour;
    int minute = 0;
    int n;
    if (is(k + 1, "am", "pm")) {
      hour = intAt(k) % 12 + (is(k + 1, "pm") ? 12 : 0);
      n = k + 2;
    } else if (in(k + 1, HOUR) && !(num(k + 2) && in(k + 3, TIMES))) {
      hour = intAt(k);
      n = k + 2;
      if (num(n) && !in(n + 1, TIMES) && unitLen(n + 1) == 0) {
        minute = intAt(n);
        n += 1 + (in(n + 1, MINUTE) ? 1 : 0);
      }
      if (is(n, "sang")) {
        n++;
      } else if (is(n, "chieu", "toi")) {
        hour = hour < 12 ? hour + 12 : hour;
        n++;
      } else if (is(n, "trua")) {
        n++;
      }
    } else {
      return false;
    }
    if (hour > 23 || minute > 59) {
      throw new Unreadable("a clock time that does not exist");
    }
    cur.clocks.add(LocalTime.of(hour, minute));
    other(n);
    return true;
  }

  private boolean weekday() {
    int k = is(i, "ngay") && is(i + 1, "thu") ? i + 1 : i;
    if (is(k, "chu") && is(k + 1, "nhat") || is(k, "cn")) {
      cur.days.add(DayOfWeek.SUNDAY);
      other(k + (is(k, "cn") ? 1 : 2));
      return true;
    }
    if (WEEKDAYS.containsKey(t.get(k)) || t.get(k).endsWith("s") && WEEKDAYS.containsKey(
        t.get(k).substring(0, t.get(k).length() - 1))) {
      String w = t.get(k);
      cur.days.add(WEEKDAYS.getOrDefault(w, WEEKDAYS.get(w.substring(0, w.length() - 1))));
      other(k + 1);
      return true;
    }
    if (!is(k, "thu") || !THU.containsKey(t.get(k + 1))) {
      return false;
    }
    cur.days.add(thu(t.get(k + 1)));
    int n = k + 2;
    // "thứ 2, 4, 6", "thứ 3 và thứ 5"
    while (is(n, ",", "va", "-")) {
      int d = is(n + 1, "thu") ? n + 2 : n + 1;
      if (!THU.containsKey(t.get(d)) || is(d, "sau") && !is(n + 1, "thu")) {
        break;
      }
      cur.days.add(thu(t.get(d)));
      n = d + 1;
    }
    other(n);
    return true;
  }

  private static DayOfWeek thu(String w) {
    // Vietnamese counts the week from Sunday: "thứ hai" (the second day) is Monday.
    return DayOfWeek.of(THU.get(w) - 1);
  }

  /** Period words that do not say how many: "mỗi ngày", "hằng tuần", "cách ngày" handled elsewhere. */
  private boolean marker() {
    int k = i;
    if (is(k, "moi", "hang", "every", "each") && in(k + 1, DAY) || is(k, "hang", "hng") && is(k + 1, "ngay")) {
      if (cur.pending != null && is(k, "moi", "hang")) {
        // "1 viên mỗi ngày": an amount per day.
        cur.daily = cur.pending;
        cur.pending = null;
      }
      cur.dailyMarker = true;
      other(k + 2);
      return true;
    }
    if (is(k, "moi", "hang", "every", "each") && in(k + 1, WEEK)) {
      cur.weekly = true;
      other(k + 2);
      return true;
    }
    if (is(k, "moi", "hang", "every", "each") && in(k + 1, MONTH) || is(k, "monthly")) {
      cur.monthly = true;
      other(k + (is(k, "monthly") ? 1 : 2));
      return true;
    }
    return false;
  }

  // ---- amounts -------------------------------------------------------------------------------------

  private boolean amount() {
    int k = i;
    boolean perDose = false;
    if (is(k, "moi") && is(k + 1, "lan")) {
      perDose = true;
      k += 2;
    }
    if (!perDose && is(k, "ngay")) {
      // "ngày 4 viên", "ngày uống 2 viên": an amount per day.
      int v = is(k + 1, "uong") ? k + 2 : k + 1;
      if (num(v) && unitLen(v + 1) > 0) {
        setDaily(DoseAmount.of(SigTokens.value(t.get(v)), unitCode(v + 1)));
        other(v + 1 + unitLen(v + 1));
        return true;
      }
      return false;
    }
    DoseAmount a = null;
    int n;
    if (is(k, "nua") && unitLen(k + 1) > 0) {
      a = DoseAmount.of(new BigDecimal("0.5"), unitCode(k + 1));
      n = k + 1 + unitLen(k + 1);
    } else if (is(k, "half") && is(k + 1, "a") && unitLen(k + 2) > 0) {
      a = DoseAmount.of(new BigDecimal("0.5"), unitCode(k + 2));
      n = k + 2 + unitLen(k + 2);
    } else {
      BigDecimal[] range = SigTokens.range(t.get(k));
      BigDecimal value = SigTokens.value(t.get(k));
      if (range == null && value == null) {
        if (perDose) {
          throw new Unreadable("'mỗi lần' without an amount");
        }
        return false;
      }
      int len = unitLen(k + 1);
      String unit = len > 0 ? unitCode(k + 1) : null;
      n = k + 1 + len;
      if (len > 0 && is(n, "ruoi") && value != null) {
        value = value.add(new BigDecimal("0.5"));
        n++;
      }
      if (len == 0 && !bareNumberIsAmount(k)) {
        return false;
      }
      a = range != null ? new DoseAmount(range[0], range[1], unit) : DoseAmount.of(value, unit);
    }
    placeAmount(a, n, perDose);
    return true;
  }

  /** "Sáng 1, tối 1", "1 in the evening": a number without a unit next to a time of day. */
  private boolean bareNumberIsAmount(int k) {
    if (lastSlot != null && lastSlot.amount == null) {
      return true;
    }
    int n = k + 1;
    if (is(n, "in") && is(n + 1, "the")) {
      n += 2;
    }
    return is(n, "sang", "trua", "chieu", "toi", "morning", "evening", "noon", "afternoon");
  }

  private void placeAmount(DoseAmount a, int n, boolean perDose) {
    if (is(n, "/") && in(n + 1, DAY)) {
      setDaily(a);
      other(n + 2);
    } else if (is(n, "/") && is(n + 1, "lan", "l")) {
      cur.uniform(a);
      other(n + 2);
    } else if (is(n, "/") && in(n + 1, WEEK)) {
      cur.uniform(a);
      cur.weekly = true;
      other(n + 2);
    } else if (is(n, "/") && in(n + 1, MONTH)) {
      cur.uniform(a);
      cur.monthly = true;
      other(n + 2);
    } else if (perDose) {
      cur.uniform(a);
      other(n);
    } else if (lastSlot != null && lastSlot.amount == null) {
      lastSlot.amount = a;
      lastSlot = null;
      read(n);
    } else {
      cur.settlePending();
      cur.pending = a;
      lastSlot = null;
      lastMealish = false;
      read(n);
    }
  }

  private void setDaily(DoseAmount a) {
    if (cur.daily != null && !cur.daily.sameAs(a)) {
      throw new Unreadable("two different daily amounts");
    }
    cur.daily = a;
  }

  private boolean offset() {
    if (num(i) && in(i + 1, MINUTE)) {
      if (lastMealish) {
        setOffset(intAt(i));
        read(i + 2);
        lastMealish = false;
        return true;
      }
      if (is(i + 2, "before", "after") && !(is(i + 3, "bedtime"))) {
        // "30 minutes before breakfast": the offset, then the meal.
        int value = intAt(i);
        i += 2;
        if (!meal()) {
          throw new Unreadable("minutes before something that is not a meal");
        }
        setOffset(value);
        return true;
      }
    }
    if (is(i, "ngoi") && is(i + 1, "thang") && num(i + 2) && in(i + 3, MINUTE)) {
      i += 4;
      return true;
    }
    return false;
  }

  private void setOffset(int minutes) {
    if (cur.offset != null && cur.offset != minutes) {
      throw new Unreadable("two different offsets");
    }
    cur.offset = minutes;
  }

}
