package vn.sen.app.companion.adherence;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proportion of Days Covered per the Pharmacy Quality Alliance rules, for one class of medicines over
 * a measurement period:
 * <ul>
 *   <li>the treatment period runs from the index date (the first fill in the measurement period) to its
 *       end; a class with fewer than two fills on different dates, or an index date fewer than 91 days
 *       before the end, is not measured;
 *   <li>a refill of the same medicine before the previous supply runs out starts the day after it does
 *       (early refills are shifted forward);
 *   <li>fills of different medicines of the same class are not shifted: a day counts once if any of them
 *       is on hand;
 *   <li>supply beyond the end of the period is clipped;
 *   <li>PDC = days covered / days in the treatment period.
 * </ul>
 * A pure function; inpatient days are not removed (an optional PQA refinement Sen does not apply).
 */
public final class ProportionOfDaysCovered {
  /** A dispense: which medicine, when handed over, for how many days. */
  public record Fill(String medication, LocalDate date, int daysSupply) {}

  /** The result for one measured class. */
  public record Result(LocalDate indexDate, LocalDate end, int daysInPeriod, int daysCovered, int fills) {
    public double pdc() {
      return (double) daysCovered / daysInPeriod;
    }
  }

  private ProportionOfDaysCovered() {}

  /**
   * @param fills the class's dispenses (any dates; those outside the period are ignored)
   * @param start first day of the measurement period
   * @param end last day of the measurement period (inclusive)
   */
  public static Optional<Result> of(List<Fill> fills, LocalDate start, LocalDate end) {
    List<Fill> inPeriod = fills.stream()
        .filter(f -> !f.date().isBefore(start) && !f.date().isAfter(end) && f.daysSupply() > 0)
        .sorted(Comparator.comparing(Fill::date)).toList();
    if (inPeriod.stream().map(Fill::date).distinct().count() < 2) {
      return Optional.empty();
    }
    LocalDate index = inPeriod.get(0).date();
    int days = (int) ChronoUnit.DAYS.between(index, end) + 1;
    if (days < 91) {
      return Optional.empty();
    }
    Map<String, List<Fill>> byMedicine = new LinkedHashMap<>();
    inPeriod.forEach(f -> byMedicine.computeIfAbsent(f.medication(), k -> new ArrayList<>()).add(f));
    BitSet covered = new BitSet(days);
    for (List<Fill> same : byMedicine.values()) {
      int nextFree = 0;
      for (Fill f : same) {
        int from = Math.max((int) ChronoUnit.DAYS.between(index, f.date()), nextFree);
        int to = from + f.daysSupply();
        if (from < days) {
          covered.set(from, Math.min(to, days));
        }
        nextFree = to;
      }
    }
    return Optional.of(new Result(index, end, days, covered.cardinality(), inPeriod.size()));
  }
}
