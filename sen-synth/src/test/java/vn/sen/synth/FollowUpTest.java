package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowUpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void followUpDaysAddOnlyTheFollowUpFileAndLeaveTheRecordUnchanged() throws IOException {
    GeneratorOptions plain = GeneratorOptions.defaults(60, 8).withFormat(OutputFormat.NDJSON).withCompanionDays(30);
    new PopulationGenerator(plain).writeTo(tmp.resolve("a"), (d, t) -> {});
    new PopulationGenerator(plain.withFollowUpDays(30)).writeTo(tmp.resolve("b"), (d, t) -> {});

    Map<String, byte[]> a = files(tmp.resolve("a"));
    Map<String, byte[]> b = files(tmp.resolve("b"));
    assertThat(a).doesNotContainKey("ground-truth/follow-up.ndjson");
    assertThat(b).containsKey("ground-truth/follow-up.ndjson");
    for (var entry : a.entrySet()) {
      if (!entry.getKey().equals("manifest.json")) {
        assertThat(b.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }
    }
  }

  @Test
  void realisedAdherenceFollowsTheLatentPropensity() throws IOException {
    GeneratorOptions options =
        GeneratorOptions.defaults(600, 13).withFormat(OutputFormat.NDJSON).withFollowUpDays(30);
    new PopulationGenerator(options).writeTo(tmp, (d, t) -> {});

    Map<String, Double> propensity = new HashMap<>();
    for (String line : lines(tmp.resolve("ground-truth/patients.ndjson"))) {
      JsonNode n = JSON.readTree(line);
      propensity.put(n.get("patient").asText(), n.get("adherencePropensity").asDouble());
    }
    List<String> followUp = lines(tmp.resolve("ground-truth/follow-up.ndjson"));
    assertThat(followUp).hasSizeGreaterThan(50);
    double lowPropensityBelow = 0;
    double lowCount = 0;
    double highPropensityBelow = 0;
    double highCount = 0;
    for (String line : followUp) {
      JsonNode n = JSON.readTree(line);
      assertThat(n.get("scheduled").asInt())
          .isEqualTo(n.get("taken").asInt() + n.get("late").asInt() + n.get("skipped").asInt()
              + n.get("missed").asInt());
      assertThat(n.get("class").asText()).hasSize(4);
      double p = propensity.get(n.get("patient").asText());
      boolean below = n.get("below80").asBoolean();
      if (p < 0.6) {
        lowCount++;
        lowPropensityBelow += below ? 1 : 0;
      } else if (p > 0.9) {
        highCount++;
        highPropensityBelow += below ? 1 : 0;
      }
    }
    assertThat(lowPropensityBelow / lowCount).isGreaterThan(0.6);
    assertThat(highPropensityBelow / highCount).isLessThan(0.3);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
