package vn.sen.app.companion.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One step of a regimen, shaped like FHIR R4 Dosage with its Timing
 * (https://hl7.org/fhir/R4/datatypes.html#Timing): a tapering instruction has several steps, applied one
 * after the other; a regular one has one.
 *
 * @param amount the amount of every dose, or null when it differs by time of day (see {@code slots}) or
 *     is not given
 * @param slots the doses of a day by FHIR EventTiming code ({@code MORN}, {@code PCM}, {@code HS}, …),
 *     in day order, each with its own amount when the amounts differ
 * @param frequency how many doses per period; null when only as needed
 * @param genericWhen a meal relation without a time of day ({@code AC}, {@code PC}, {@code C})
 * @param timesOfDay clock times (FHIR timeOfDay)
 * @param offsetMinutes minutes before or after the meal or bedtime (FHIR offset)
 * @param duration how long this step lasts (FHIR boundsDuration); null: until the prescription ends
 * @param asNeeded taken only when needed (FHIR asNeeded), for {@code asNeededFor} reasons
 * @param maxPerDay at most this many doses, or units when {@code maxUnit} is set, per day
 * @param minIntervalHours at least this many hours between as-needed doses
 */
public record SigPhase(
    @Nullable DoseAmount amount,
    List<Slot> slots,
    @Nullable Frequency frequency,
    @Nullable String genericWhen,
    List<LocalTime> timesOfDay,
    @Nullable Integer offsetMinutes,
    Set<DayOfWeek> daysOfWeek,
    @Nullable Span duration,
    boolean asNeeded,
    List<String> asNeededFor,
    @Nullable Integer maxPerDay,
    @Nullable String maxUnit,
    @Nullable Integer minIntervalHours) {

  /** One dose of the day: its EventTiming code and, when amounts differ by time, its amount. */
  public record Slot(String when, @Nullable DoseAmount amount) {}

  /** {@code count} doses every {@code period} {@code unit} ({@code h}, {@code d}, {@code wk}, {@code mo}). */
  public record Frequency(int count, int period, String unit) {
    public String compact() {
      return count + "/" + period + unit;
    }

    /** Doses per day, for sanity limits. */
    public double perDay() {
      double days = switch (unit) {
        case "h" -> period / 24.0;
        case "wk" -> period * 7.0;
        case "mo" -> period * 30.0;
        default -> period;
      };
      return count / days;
    }
  }

  /** A length of time: {@code value} {@code unit} ({@code d}, {@code wk}, {@code mo}). */
  public record Span(int value, String unit) {
    public String compact() {
      return value + unit;
    }
  }

  public SigPhase {
    slots = List.copyOf(slots);
    timesOfDay = List.copyOf(timesOfDay);
    daysOfWeek = Set.copyOf(daysOfWeek);
    asNeededFor = List.copyOf(asNeededFor);
  }

  /** The notation of the test set: {@code dose=1tab freq=2/1d when=PCM,PCV for=7d}. */
  public String compact() {
    List<String> parts = new ArrayList<>();
    boolean perSlot = slots.stream().anyMatch(s -> s.amount() != null);
    if (perSlot) {
      List<String> each = new ArrayList<>();
      for (Slot s : slots) {
        each.add(s.when() + ":" + (s.amount() == null ? "?" : s.amount().compact()));
      }
      parts.add("dose=" + String.join(",", each));
    } else if (amount != null) {
      parts.add("dose=" + amount.compact());
    }
    if (frequency != null) {
      parts.add("freq=" + frequency.compact());
    }
    List<String> when = new ArrayList<>();
    slots.forEach(s -> when.add(s.when()));
    if (genericWhen != null) {
      when.add(genericWhen);
    }
    if (!when.isEmpty()) {
      parts.add("when=" + String.join(",", when));
    }
    if (!timesOfDay.isEmpty()) {
      List<String> at = new ArrayList<>();
      timesOfDay.forEach(t -> at.add(t.toString()));
      parts.add("at=" + String.join(",", at));
    }
    if (offsetMinutes != null) {
      parts.add("offset=" + offsetMinutes + "min");
    }
    if (!daysOfWeek.isEmpty()) {
      List<String> days = new ArrayList<>();
      new TreeSet<>(daysOfWeek).forEach(d ->
          days.add(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT)));
      parts.add("dow=" + String.join(",", days));
    }
    if (duration != null) {
      parts.add("for=" + duration.compact());
    }
    if (asNeeded) {
      parts.add(asNeededFor.isEmpty() ? "prn" : "prn=" + String.join(",", asNeededFor));
    }
    if (maxPerDay != null) {
      parts.add("max=" + maxPerDay + (maxUnit == null ? "" : maxUnit) + "/1d");
    }
    if (minIntervalHours != null) {
      parts.add("min=" + minIntervalHours + "h");
    }
    return String.join(" ", parts);
  }
}
