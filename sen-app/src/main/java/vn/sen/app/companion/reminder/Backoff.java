package vn.sen.app.companion.reminder;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: after attempt n the wait is {@code base × 2^(n-1)}, capped at
 * {@code max}, then drawn uniformly from its upper half ("equal jitter"), so that reminders failing
 * together (a gateway outage at 07:00) do not all come back at the same instant.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** How long to wait after the {@code attempt}-th failed attempt (1-based). */
  Duration after(int attempt) {
    long capMillis = max.toMillis();
    long millis = base.toMillis();
    for (int i = 1; i < attempt && millis < capMillis; i++) {
      millis *= 2;
    }
    millis = Math.min(millis, capMillis);
    long half = millis / 2;
    synchronized (random) {
      return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
  }
}
