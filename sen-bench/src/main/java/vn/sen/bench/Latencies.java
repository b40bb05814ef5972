package vn.sen.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one kind of request in microseconds, in a fixed-size HdrHistogram (3 significant
 * digits, up to 10 minutes): memory does not grow with the number of requests.
 */
final class Latencies {
  private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private long errors;

  void record(long nanos) {
    histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(1, nanos / 1000)));
  }

  void error() {
    errors++;
  }

  void add(Latencies other) {
    histogram.add(other.histogram);
    errors += other.errors;
  }

  long count() {
    return histogram.getTotalCount();
  }

  long errors() {
    return errors;
  }

  /** Milliseconds at {@code percentile} (0-100). */
  double millis(double percentile) {
    return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMillis() {
    return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
  }
}
