package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.EventTimings.Meal;
import vn.sen.app.companion.schedule.EventTimings.TimeOfDay;
import vn.sen.app.companion.schedule.SigPhase.Frequency;
import vn.sen.app.companion.schedule.SigPhase.Slot;
import vn.sen.app.companion.schedule.SigPhase.Span;

/**
 * What the parser has read of one step so far; {@link #resolve} turns it into a {@link SigPhase} or
 * refuses it with a reason when its parts do not add up (never fills a gap by guessing).
 */
final class PhaseDraft {
  /** Thrown when the text cannot be read; the message is the reason. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A time of day read from the text, before meal relations are applied. */
  static final class DraftSlot {
    final TimeOfDay tod;
    @Nullable Meal meal;
    @Nullable DoseAmount amount;

    DraftSlot(TimeOfDay tod, @Nullable Meal meal) {
      this.tod = tod;
      this.meal = meal;
    }
  }

  @Nullable DoseAmount uniform;
  @Nullable DoseAmount pending;
  @Nullable DoseAmount daily;
  @Nullable Frequency explicit;
  @Nullable Integer split;
  final List<DraftSlot> slots = new ArrayList<>();
  final List<LocalTime> clocks = new ArrayList<>();
  @Nullable Meal genericMeal;
  boolean fasting;
  @Nullable Integer offset;
  final Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
  @Nullable Span duration;
  boolean taperStep;
  boolean dailyMarker;
  boolean weekly;
  boolean monthly;
  boolean otherDay;
  @Nullable Integer everyHours;
  @Nullable Integer spacingLow;
  @Nullable Integer spacingHigh;
  boolean asNeeded;
  final Set<String> reasons = new LinkedHashSet<>();
  @Nullable Integer max;
  @Nullable String maxUnit;
  boolean content;

  void uniform(DoseAmount a) {
    if (uniform != null && !uniform.sameAs(a)) {
      throw new Unreadable("two different amounts per dose");
    }
    uniform = a;
  }

  /** A pending amount that no time of day claimed is the amount of every dose. */
  void settlePending() {
    if (pending != null) {
      DoseAmount p = pending;
      pending = null;
      uniform(p);
    }
  }

  void frequency(Frequency f) {
    if (explicit != null && !explicit.equals(f)) {
      throw new Unreadable("two different frequencies");
    }
    explicit = f;
  }

  void meal(Meal m) {
    if (genericMeal != null && genericMeal != m) {
      throw new Unreadable("both before and after meals");
    }
    genericMeal = m;
  }

  boolean isEmpty() {
    return !content;
  }

  SigPhase resolve(boolean inTaper) {
    settlePending();
    List<Slot> resolvedSlots = resolveSlots();
    String generic = null;
    if (genericMeal != null && slots.isEmpty()) {
      generic = EventTimings.code(null, genericMeal);
    }
    boolean taper = inTaper || taperStep;
    Frequency frequency = frequency(resolvedSlots.size(), taper);
    DoseAmount amount = amount(resolvedSlots, frequency, taper);
    if (frequency != null && (frequency.count() < 1 || frequency.perDay() > 12 || frequency.period() < 1)) {
      throw new Unreadable("an implausible frequency " + frequency.compact());
    }
    if (frequency == null && !asNeeded) {
      throw new Unreadable("neither how often nor when is said");
    }
    Integer minInterval = asNeeded && spacingLow != null ? spacingLow : null;
    List<LocalTime> times = clocks.stream().sorted().toList();
    List<Slot> finalSlots = collapse(resolvedSlots, amount);
    DoseAmount same = amount == null ? common(finalSlots) : null;
    if (same != null) {
      amount = same;
      finalSlots = finalSlots.stream().map(s -> new Slot(s.when(), null)).toList();
    }
    List<DoseAmount> amounts = new ArrayList<>();
    if (amount != null) {
      amounts.add(amount);
    }
    finalSlots.forEach(sl -> {
      if (sl.amount() != null) {
        amounts.add(sl.amount());
      }
    });
    for (DoseAmount a : amounts) {
      if (a.isRange() && !asNeeded) {
        throw new Unreadable("a range of amounts for a scheduled dose");
      }
      if (a.low().signum() <= 0) {
        throw new Unreadable("an amount of zero");
      }
    }
    return new SigPhase(amount, finalSlots, frequency, generic, times, offset, days,
        duration, asNeeded, List.copyOf(reasons), max, maxUnit, minInterval);
  }

  private List<Slot> resolveSlots() {
    List<Slot> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (DraftSlot s : slots) {
      Meal meal = s.meal != null ? s.meal : genericMeal;
      String code = EventTimings.code(s.tod, meal);
      if (code == null) {
        throw new Unreadable("a meal relation at bedtime or night");
      }
      if (!seen.add(code)) {
        throw new Unreadable("the same time of day twice");
      }
      out.add(new Slot(code, s.amount));
    }
    out.sort(Comparator.comparingInt(s -> EventTimings.order(s.when())));
    return out;
  }

  private @Nullable Frequency frequency(int slotCount, boolean taper) {
    Integer every = everyHours;
    Integer spacing = spacingLow;
    if (!asNeeded && spacing != null) {
      if (spacingHigh != null && !spacingHigh.equals(spacing)) {
        throw new Unreadable("a range of hours between scheduled doses");
      }
      if (every != null && !every.equals(spacing)) {
        throw new Unreadable("two different intervals");
      }
      every = spacing;
    }
    int timed = slotCount > 0 ? slotCount : clocks.size();
    if (slotCount > 0 && !clocks.isEmpty()) {
      throw new Unreadable("both clock times and times of day");
    }
    if (every != null) {
      if (explicit != null) {
        if (!explicit.unit().equals("d") || explicit.count() * every != 24 * explicit.period()) {
          throw new Unreadable("a frequency that does not match the hours between doses");
        }
        return checkTimed(explicit, timed);
      }
      if (timed > 0) {
        throw new Unreadable("both an interval in hours and times of day");
      }
      return new Frequency(1, every, "h");
    }
    Frequency f = explicit;
    if (split != null) {
      if (f != null && f.count() != split) {
        throw new Unreadable("'chia' into a different number of doses than the frequency");
      }
      f = f != null ? f : new Frequency(split, 1, "d");
    }
    if (f != null) {
      return checkTimed(f, timed);
    }
    int period = otherDay ? 2 : 1;
    String unit = weekly ? "wk" : monthly ? "mo" : "d";
    if (timed > 0) {
      return asNeeded ? null : new Frequency(timed, period, unit);
    }
    if (asNeeded) {
      return null;
    }
    boolean once = dailyMarker || weekly || monthly || otherDay || !days.isEmpty() || fasting || taper
        || (daily != null && daily.low().compareTo(BigDecimal.ONE) <= 0);
    return once ? new Frequency(1, period, unit) : null;
  }

  private static Frequency checkTimed(Frequency f, int timed) {
    if (timed > 0 && timed != f.count()) {
      throw new Unreadable("the number of times of day differs from the frequency");
    }
    return f;
  }

  private @Nullable DoseAmount amount(List<Slot> resolved, @Nullable Frequency f, boolean taper) {
    boolean perSlot = resolved.stream().anyMatch(s -> s.amount() != null);
    if (daily != null) {
      if (uniform != null || perSlot) {
        throw new Unreadable("both a daily amount and an amount per dose");
      }
      if (f == null) {
        throw new Unreadable("a daily amount without how many times a day");
      }
      int count = f.unit().equals("d") ? f.count() : 1;
      if (count == 1) {
        return daily;
      }
      if (split == null && !taper) {
        throw new Unreadable("a daily amount over several doses without saying how it is divided");
      }
      BigDecimal each = daily.low().divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP);
      if (each.multiply(BigDecimal.valueOf(4)).stripTrailingZeros().scale() > 0) {
        throw new Unreadable("a daily amount that does not divide into equal doses");
      }
      return DoseAmount.of(each.stripTrailingZeros(), daily.unit());
    }
    if (!perSlot) {
      return uniform;
    }
    if (resolved.stream().anyMatch(s -> s.amount() == null) && uniform == null) {
      throw new Unreadable("an amount for some times of day but not others");
    }
    if (uniform != null) {
      for (Slot s : resolved) {
        if (s.amount() != null && !s.amount().sameAs(uniform)) {
          throw new Unreadable("an amount per time of day that differs from the amount per dose");
        }
      }
      return uniform;
    }
    return null;
  }

  /**
   * Amounts without a unit take the unit the other amounts share; equal amounts become the amount of
   * every dose.
   */
  private static List<Slot> collapse(List<Slot> resolved, @Nullable DoseAmount amount) {
    if (amount != null) {
      return resolved.stream().map(s -> new Slot(s.when(), null)).toList();
    }
    Set<String> units = new LinkedHashSet<>();
    resolved.forEach(s -> {
      if (s.amount() != null && s.amount().unit() != null) {
        units.add(s.amount().unit());
      }
    });
    String unit = units.size() == 1 ? units.iterator().next() : null;
    List<Slot> out = new ArrayList<>();
    for (Slot s : resolved) {
      DoseAmount a = s.amount();
      out.add(new Slot(s.when(), a != null && a.unit() == null && unit != null ? a.withUnit(unit) : a));
    }
    return out;
  }

  /** When every time of day has the same amount, that amount (applied by {@link SigParser}). */
  static @Nullable DoseAmount common(List<Slot> slots) {
    DoseAmount first = null;
    for (Slot s : slots) {
      if (s.amount() == null) {
        return null;
      }
      if (first == null) {
        first = s.amount();
      } else if (!first.sameAs(s.amount())) {
        return null;
      }
    }
    return first;
  }
}
