package vn.sen.app.companion.schedule;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;

/**
 * The clock time of each FHIR EventTiming code for one patient: Sen's defaults, changed per patient by
 * the {@value #EXTENSION} extension on Patient (repeated; sub-extensions {@code when} (code) and {@code
 * time} (time)), e.g. "sáng" = 06:00 for a patient who rises early.
 *
 * <p>Meals are {@code CM} (breakfast, 07:00), {@code CD} (lunch, 11:30) and {@code CV} (dinner, 18:30);
 * before a meal is 30 minutes earlier and after 30 minutes later unless the instruction gives an offset.
 */
public final class DoseTimes {
  /** The Patient extension holding a patient's own dose times. */
  public static final String EXTENSION = "https://sen.health.vn/fhir/StructureDefinition/companion-dose-time";
  /** The codes a patient may set. */
  public static final Set<String> SETTABLE = Set.of("MORN", "NOON", "AFT", "EVE", "NIGHT", "HS", "CM", "CD", "CV");
  private static final int MEAL_GAP = 30;

  private static final Map<String, LocalTime> DEFAULTS = Map.of(
      "MORN", LocalTime.of(7, 0), "NOON", LocalTime.of(12, 0), "AFT", LocalTime.of(16, 0),
      "EVE", LocalTime.of(19, 0), "NIGHT", LocalTime.of(22, 0), "HS", LocalTime.of(21, 30),
      "CM", LocalTime.of(7, 0), "CD", LocalTime.of(11, 30), "CV", LocalTime.of(18, 30));

  private final Map<String, LocalTime> times;

  private DoseTimes(Map<String, LocalTime> times) {
    this.times = Map.copyOf(times);
  }

  public static DoseTimes defaults() {
    return new DoseTimes(DEFAULTS);
  }

  /** The defaults with {@code overrides} (codes from {@link #SETTABLE}) in place. */
  public static DoseTimes with(Map<String, LocalTime> overrides) {
    Map<String, LocalTime> all = new HashMap<>(DEFAULTS);
    overrides.forEach((code, time) -> {
      if (!SETTABLE.contains(code)) {
        throw new IllegalArgumentException("not a settable dose time: " + code);
      }
      all.put(code, time);
    });
    return new DoseTimes(all);
  }

  /** The patient's own times from the extension; entries that are not well formed are ignored. */
  public static DoseTimes of(Patient patient) {
    Map<String, LocalTime> overrides = new HashMap<>();
    for (Extension e : patient.getExtensionsByUrl(EXTENSION)) {
      Extension when = e.getExtensionByUrl("when");
      Extension time = e.getExtensionByUrl("time");
      if (when != null && time != null && when.getValue() != null && time.getValue() != null) {
        String code = when.getValue().primitiveValue();
        LocalTime t = parse(time.getValue().primitiveValue());
        if (code != null && SETTABLE.contains(code) && t != null) {
          overrides.put(code, t);
        }
      }
    }
    return with(overrides);
  }

  private static @Nullable LocalTime parse(@Nullable String value) {
    try {
      return value == null ? null : LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The extension that sets {@code code} to {@code time}, for writing on Patient. */
  public static Extension extension(String code, LocalTime time) {
    Extension e = new Extension(EXTENSION);
    e.addExtension("when", new org.hl7.fhir.r4.model.CodeType(code));
    e.addExtension("time", new org.hl7.fhir.r4.model.TimeType(time.toString() + (time.getSecond() == 0 ? ":00" : "")));
    return e;
  }

  /**
   * The time of an EventTiming code, with an offset in minutes (before a meal or bedtime it moves
   * earlier, after a meal later); null for codes without a time.
   */
  public @Nullable LocalTime of(String code, @Nullable Integer offsetMinutes) {
    LocalTime direct = times.get(code);
    if (direct != null) {
      return code.equals("HS") && offsetMinutes != null ? direct.minusMinutes(offsetMinutes) : direct;
    }
    if (code.length() != 3 || !(code.startsWith("AC") || code.startsWith("PC"))) {
      return null;
    }
    LocalTime meal = times.get("C" + code.charAt(2));
    if (meal == null) {
      return null;
    }
    int gap = offsetMinutes != null ? offsetMinutes : MEAL_GAP;
    return code.startsWith("AC") ? meal.minusMinutes(gap) : meal.plusMinutes(gap);
  }
}
