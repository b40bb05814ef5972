package vn.sen.app.companion.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vn.sen.fhir.core.IdGenerator;

/**
 * A measurement, not a test: latency of interpreting one check-in (and of planning its records) in-process,
 * single thread, over the evaluation and development messages after a warm-up. Not in the normal suite (the
 * name does not end in Test); run it with
 * {@code ./mvnw -o -q -pl sen-app -Dtest=CheckinLatencyMeasurement -Dsen.measure=checkin
 * -Dsurefire.failIfNoSpecifiedTests=false verify}; figures go to {@code target/checkin-latency.md}.
 */
@EnabledIfSystemProperty(named = "sen.measure", matches = "checkin")
class CheckinLatencyMeasurement {
  private static final int WARM_UP_PASSES = 30;
  private static final int MEASURED_PASSES = 20;

  @Test
  void measure() throws IOException {
    CheckinInterpreter interpreter = new CheckinInterpreter();
    List<ActiveMedication> meds = CheckinEvaluation.patientMedications(interpreter);
    List<String> texts = new ArrayList<>();
    CheckinEvaluation.load("companion/checkin/eval.tsv").forEach(r -> texts.add(r.text()));
    CheckinEvaluation.load("companion/checkin/dev.tsv").forEach(r -> texts.add(r.text()));
    CheckinRecords records = new CheckinRecords(IdGenerator.random(new SplittableRandom(1)));
    CareContext care = new CareContext("p", "Organization/o", List.of());
    Instant now = CheckinEvaluation.SENT;
    int sink = 0;
    for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
      for (String t : texts) {
        sink += interpreter.interpret(new CheckinMessage(t, now, CheckinMessage.DEFAULT_ZONE, meds)).reply().length();
      }
    }
    long[] interpret = new long[texts.size() * MEASURED_PASSES];
    long[] withRecords = new long[texts.size() * MEASURED_PASSES];
    int k = 0;
    long wall = System.nanoTime();
    for (int pass = 0; pass < MEASURED_PASSES; pass++) {
      for (String t : texts) {
        CheckinMessage m = new CheckinMessage(t, now, CheckinMessage.DEFAULT_ZONE, meds);
        long start = System.nanoTime();
        Interpretation i = interpreter.interpret(m);
        long mid = System.nanoTime();
        sink += records.plan(m, i, care, "web", now).resources().size();
        long end = System.nanoTime();
        interpret[k] = mid - start;
        withRecords[k] = end - start;
        k++;
      }
    }
    wall = System.nanoTime() - wall;
    String report = String.format(Locale.ROOT, """
        # Check-in interpretation latency (in-process, one thread)

        messages per pass %d, passes %d (after %d warm-up passes), %s

        | what | p50 µs | p95 µs | p99 µs | max µs |
        |---|---|---|---|---|
        | interpret | %s |
        | interpret + plan records | %s |

        throughput, one thread, interpret + plan: %.0f messages/s
        """, texts.size(), MEASURED_PASSES, WARM_UP_PASSES, Runtime.version(), row(interpret), row(withRecords),
        k / (wall / 1e9));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "checkin-latency.md"), report, StandardCharsets.UTF_8);
    assertThat(sink).isPositive();
  }

  private static String row(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.0f | %.0f | %.0f | %.0f", s[s.length / 2] / 1e3, s[(int) (s.length * 0.95)] / 1e3,
        s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
  }
}
