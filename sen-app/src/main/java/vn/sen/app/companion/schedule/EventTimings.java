package vn.sen.app.companion.schedule;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * FHIR EventTiming codes (https://hl7.org/fhir/R4/valueset-event-timing.html) as the parser and the
 * schedule use them: the code for a time of day with a meal relation, their order in a day, and the
 * dose label each belongs to.
 */
final class EventTimings {
  /** Times of day the parser recognises. */
  enum TimeOfDay { MORNING, NOON, AFTERNOON, EVENING, NIGHT, BEDTIME }

  /** Meal relations: before (or on an empty stomach), after, with. */
  enum Meal { BEFORE, AFTER, WITH }

  /** Codes in day order (used to sort a day's slots). */
  static final List<String> DAY_ORDER = List.of(
      "ACM", "MORN", "CM", "PCM", "ACD", "NOON", "CD", "PCD", "AFT", "ACV", "EVE", "CV", "PCV", "HS", "NIGHT",
      "AC", "C", "PC");

  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("ACM", "morning"), Map.entry("MORN", "morning"), Map.entry("CM", "morning"),
      Map.entry("PCM", "morning"), Map.entry("WAKE", "morning"), Map.entry("ACD", "noon"),
      Map.entry("NOON", "noon"), Map.entry("CD", "noon"), Map.entry("PCD", "noon"),
      Map.entry("AFT", "evening"), Map.entry("ACV", "evening"), Map.entry("EVE", "evening"),
      Map.entry("CV", "evening"), Map.entry("PCV", "evening"), Map.entry("HS", "night"),
      Map.entry("NIGHT", "night"));

  private EventTimings() {}

  /** The code, or null when no single code says it (e.g. bedtime with a meal). */
  static @Nullable String code(@Nullable TimeOfDay tod, @Nullable Meal meal) {
    if (tod == null) {
      return meal == null ? null : switch (meal) {
        case BEFORE -> "AC";
        case AFTER -> "PC";
        case WITH -> "C";
      };
    }
    if (meal == null) {
      return switch (tod) {
        case MORNING -> "MORN";
        case NOON -> "NOON";
        case AFTERNOON -> "AFT";
        case EVENING -> "EVE";
        case NIGHT -> "NIGHT";
        case BEDTIME -> "HS";
      };
    }
    // In Vietnamese "bữa chiều" is the evening meal: an afternoon dose with a meal is a dinner dose.
    String meal3 = switch (tod) {
      case MORNING -> "M";
      case NOON -> "D";
      case AFTERNOON, EVENING -> "V";
      case NIGHT, BEDTIME -> null;
    };
    if (meal3 == null) {
      return null;
    }
    return switch (meal) {
      case BEFORE -> "AC" + meal3;
      case AFTER -> "PC" + meal3;
      case WITH -> "C" + meal3;
    };
  }

  static int order(String code) {
    int i = DAY_ORDER.indexOf(code);
    return i < 0 ? DAY_ORDER.size() : i;
  }

  /** {@code morning}, {@code noon}, {@code evening} or {@code night}; null for codes without a time. */
  static @Nullable String label(String code) {
    return LABELS.get(code);
  }
}
