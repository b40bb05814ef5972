package vn.sen.app.companion.checkin;

import org.jspecify.annotations.Nullable;

/**
 * A code with its names: Sen's code, a SNOMED CT concept where one fits, English and Vietnamese.
 *
 * @param code Sen's code, e.g. {@code dizziness}
 * @param snomed the SNOMED CT concept id, or null when Sen's code is the only one
 */
public record Term(String code, @Nullable String snomed, String en, String vi) {

  static Term of(String code, @Nullable String snomed, String en, String vi) {
    return new Term(code, snomed, en, vi);
  }

  /** The constant of {@code type} whose term has {@code code}. */
  static <E extends Enum<E> & Termed> E byCode(Class<E> type, String code) {
    for (E e : type.getEnumConstants()) {
      if (e.term().code().equals(code)) {
        return e;
      }
    }
    throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " code " + code);
  }

  /** Something named by a {@link Term}. */
  public interface Termed {
    Term term();

    default String code() {
      return term().code();
    }
  }
}
