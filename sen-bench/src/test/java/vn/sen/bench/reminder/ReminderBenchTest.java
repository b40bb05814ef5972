package vn.sen.bench.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReminderBenchTest {

  @Test
  void syntheticDayHasThreeDosesEachAndFortyPercentInThePeakHour() {
    Instant midnight = Instant.parse("2026-12-06T17:00:00Z");
    ReminderBench.Day day = new ReminderBench.Day(1000, midnight);
    int doses = 0;
    int peak = 0;
    Set<String> keys = new HashSet<>();
    while (day.hasNext()) {
      ReminderPipeline.Dose d = day.next();
      doses++;
      int hour = d.due().atZone(ZoneId.of("Asia/Ho_Chi_Minh")).getHour();
      if (hour == 7) {
        peak++;
      }
      keys.add(d.patientId() + "/" + d.medicationRequestId() + "/" + d.due());
    }

    assertThat(doses).isEqualTo(3000);
    assertThat(keys).hasSize(3000);
    assertThat(peak).isEqualTo(1200);
  }

  @Test
  void badOptionsAreAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = ReminderBench.run(List.of("--reminders", "0"), System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: bench --reminders");
  }
}
