package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesOfOneToHundredMillisecondsAreThoseMilliseconds() {
    Latencies l = new Latencies();
    for (int ms = 1; ms <= 100; ms++) {
      l.record(ms * 1_000_000L);
    }
    l.error();

    assertThat(l.count()).isEqualTo(100);
    assertThat(l.errors()).isEqualTo(1);
    assertThat(l.millis(50)).isCloseTo(50, within(0.1));
    assertThat(l.millis(95)).isCloseTo(95, within(0.1));
    assertThat(l.maxMillis()).isCloseTo(100, within(0.1));
  }

  @Test
  void mergingAddsCountsAndErrors() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    a.record(1_000_000);
    b.record(2_000_000);
    b.error();

    a.add(b);

    assertThat(a.count()).isEqualTo(2);
    assertThat(a.errors()).isEqualTo(1);
  }
}
