package vn.sen.app.companion.schedule;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * How much one dose is: a value or a range (e.g. "1-2 viên" as needed), in a unit code: {@code tab},
 * {@code cap}, {@code sachet}, {@code puff}, {@code ml}, {@code drop}, {@code amp}, {@code IU},
 * {@code mg}, {@code spoon}, or another unit as written; null when the instruction gives none.
 */
public record DoseAmount(BigDecimal low, @Nullable BigDecimal high, @Nullable String unit) {

  public static DoseAmount of(BigDecimal value, @Nullable String unit) {
    return new DoseAmount(value, null, unit);
  }

  public boolean isRange() {
    return high != null && high.compareTo(low) != 0;
  }

  public DoseAmount withUnit(@Nullable String newUnit) {
    return new DoseAmount(low, high, newUnit);
  }

  /** Compact form, e.g. {@code 1tab}, {@code 0.5tab}, {@code 1-2puff}. */
  public String compact() {
    String v = plain(low) + (isRange() ? "-" + plain(high) : "");
    return unit == null ? v : v + unit;
  }

  /** Equal value, range and unit, whatever the scale of the numbers. */
  public boolean sameAs(DoseAmount other) {
    return compact().equals(other.compact());
  }

  static String plain(@Nullable BigDecimal v) {
    return v == null ? "" : v.stripTrailingZeros().toPlainString();
  }
}
