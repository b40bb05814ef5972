package vn.sen.fhir.core.index;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One search value extracted from a resource for one search parameter. The store turns each into an
 * index row; the shapes follow <a href="https://hl7.org/fhir/R4/search.html#ptypes">R4 search types</a>.
 */
public sealed interface IndexValue {

  /**
   * Token: a code with an optional system. {@code text} carries the display or CodeableConcept.text for
   * {@code :text}; {@code typeSystem}/{@code typeCode} carry Identifier.type for {@code :of-type}.
   */
  record Token(
      @Nullable String system,
      @Nullable String code,
      @Nullable String text,
      @Nullable String typeSystem,
      @Nullable String typeCode)
      implements IndexValue {
    public static Token of(@Nullable String system, @Nullable String code) {
      return new Token(system, code, null, null, null);
    }
  }

  /** String as written in the resource; the store normalises it (case, accents, đ → d). */
  record Text(String value) implements IndexValue {}

  /**
   * Date or period as an inclusive range of epoch milliseconds. A partial date covers its whole
   * precision (2024-05 → the whole of May); an open end is {@link Long#MIN_VALUE} or
   * {@link Long#MAX_VALUE}.
   */
  record DateRange(long low, long high) implements IndexValue {}

  /** Number (integer, decimal) as written, with its precision. */
  record Number(BigDecimal value) implements IndexValue {}

  /** Quantity: value with system and code (UCUM or other) and the human unit. */
  record Quantity(BigDecimal value, @Nullable String system, @Nullable String code, @Nullable String unit)
      implements IndexValue {}

  /**
   * Reference: a local target {@code type/id} (relative, or absolute on this server), or an absolute
   * or canonical {@code url} (with optional {@code |version}) that is not local.
   */
  record Reference(@Nullable String targetType, @Nullable String targetId, @Nullable String url)
      implements IndexValue {}

  /** URI, URL, canonical, OID or UUID as written. */
  record Uri(String value) implements IndexValue {}

  /** A composite: one value per component, in the order of the parameter's components. */
  record Composite(List<IndexValue> components) implements IndexValue {}

  /** Location.near: WGS84 coordinates. */
  record Position(double latitude, double longitude) implements IndexValue {}
}
