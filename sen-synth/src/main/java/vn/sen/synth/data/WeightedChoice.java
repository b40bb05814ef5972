package vn.sen.synth.data;

import java.util.List;
import java.util.SplittableRandom;

/** A fixed list of values with relative weights, sampled by cumulative search. */
public final class WeightedChoice<T> {
  private final List<T> values;
  private final double[] cumulative;

  private WeightedChoice(List<T> values, double[] weights) {
    this.values = List.copyOf(values);
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  /** Builds from alternating value, weight pairs. */
  @SuppressWarnings("unchecked")
  public static <T> WeightedChoice<T> of(Object... valueWeightPairs) {
    int n = valueWeightPairs.length / 2;
    Object[] values = new Object[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = valueWeightPairs[2 * i];
      weights[i] = ((Number) valueWeightPairs[2 * i + 1]).doubleValue();
    }
    return new WeightedChoice<>((List<T>) List.of(values), weights);
  }

  public T sample(SplittableRandom random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (target < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.getLast();
  }

  public List<T> values() {
    return values;
  }
}
