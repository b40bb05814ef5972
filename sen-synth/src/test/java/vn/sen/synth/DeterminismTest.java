package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  @TempDir Path tmp;

  @Test
  void sameSeedGivesIdenticalBytesWhateverTheThreadCount() throws IOException {
    GeneratorOptions options = GeneratorOptions.defaults(120, 2024);
    new PopulationGenerator(options.withThreads(1)).writeTo(tmp.resolve("a"), (d, t) -> {});
    new PopulationGenerator(options.withThreads(3)).writeTo(tmp.resolve("b"), (d, t) -> {});

    Map<String, String> a = digests(tmp.resolve("a"));
    Map<String, String> b = digests(tmp.resolve("b"));
    assertThat(a).hasSizeGreaterThan(120).isEqualTo(b);
  }

  @Test
  void ndjsonOutputIsAlsoReproducible() throws IOException {
    GeneratorOptions options = GeneratorOptions.defaults(80, 5).withFormat(OutputFormat.NDJSON);
    new PopulationGenerator(options.withThreads(2)).writeTo(tmp.resolve("a"), (d, t) -> {});
    new PopulationGenerator(options.withThreads(1)).writeTo(tmp.resolve("b"), (d, t) -> {});

    assertThat(digests(tmp.resolve("a"))).containsKey("ndjson/Patient.ndjson").isEqualTo(digests(tmp.resolve("b")));
  }

  @Test
  void differentSeedGivesDifferentPopulation() {
    String first = new PopulationGenerator(GeneratorOptions.defaults(10, 1)).patient(3).bundle();
    String second = new PopulationGenerator(GeneratorOptions.defaults(10, 2)).patient(3).bundle();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aPatientDoesNotDependOnThePatientsGeneratedBeforeIt() {
    PopulationGenerator warm = new PopulationGenerator(GeneratorOptions.defaults(300, 99));
    for (int i = 1; i < 250; i++) {
      warm.patient(i);
    }
    String afterOthers = warm.patient(250).bundle();
    String alone = new PopulationGenerator(GeneratorOptions.defaults(300, 99)).patient(250).bundle();

    assertThat(afterOthers).isEqualTo(alone);
  }

  @Test
  void theWindowDefaultsToAFixedDateNotTheWallClock() {
    GeneratorOptions options = GeneratorOptions.defaults(1, 1);

    assertThat(options.endDate()).isEqualTo(GeneratorOptions.DEFAULT_END);
    assertThat(options.startDate()).isEqualTo(GeneratorOptions.DEFAULT_END.minusYears(5).plusDays(1));
  }

  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().equals("manifest.json")) {
          continue;
        }
        out.put(root.relativize(f).toString().replace('\\', '/'), sha256(Files.readAllBytes(f)));
      }
    }
    return out;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
