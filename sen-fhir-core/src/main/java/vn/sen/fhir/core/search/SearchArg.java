package vn.sen.fhir.core.search;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One value of a search parameter as the client wrote it, parsed by type. Values of one parameter
 * separated by commas are ORed.
 */
public sealed interface SearchArg {

  /**
   * Token. {@code system == null}: any system; {@code system == ""}: no system ({@code |code});
   * {@code code == null}: any code in the system ({@code system|}). With {@code :of-type},
   * {@code typeSystem}/{@code typeCode} are the identifier type and {@code code} the value.
   */
  record Token(
      @Nullable String system,
      @Nullable String code,
      @Nullable String typeSystem,
      @Nullable String typeCode)
      implements SearchArg {
    public static Token of(@Nullable String system, @Nullable String code) {
      return new Token(system, code, null, null);
    }
  }

  /** String value, or the text of {@code :text} on tokens and references. */
  record Text(String value) implements SearchArg {}

  /**
   * Date: prefix and the inclusive range of epoch milliseconds the value's precision implies
   * ({@code 2024} is the whole year).
   */
  record Date(Prefix prefix, long low, long high) implements SearchArg {}

  /**
   * Number: prefix, value, and the range its precision implies ({@code 100} is [99.5, 100.5)).
   * {@code low} is inclusive, {@code high} exclusive.
   */
  record Number(Prefix prefix, BigDecimal value, BigDecimal low, BigDecimal high) implements SearchArg {}

  /** Quantity: a number plus optional system and code (or unit). */
  record Quantity(
      Prefix prefix,
      BigDecimal value,
      BigDecimal low,
      BigDecimal high,
      @Nullable String system,
      @Nullable String code)
      implements SearchArg {}

  /**
   * Reference to a local resource ({@code type} may be null when the client gave only an id and no
   * {@code :Type} modifier) or, with {@code url}, an absolute or canonical reference that is not local.
   */
  record Reference(@Nullable String type, @Nullable String id, @Nullable String url) implements SearchArg {}

  /** URI value. */
  record Uri(String value) implements SearchArg {}

  /** Composite: one argument per component, in order ({@code a$b}). */
  record Composite(List<SearchArg> components) implements SearchArg {}

  /** {@code :missing=true|false}. */
  record Missing(boolean missing) implements SearchArg {}
}
