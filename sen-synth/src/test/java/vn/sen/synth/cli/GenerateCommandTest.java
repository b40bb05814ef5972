package vn.sen.synth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void writesBundlesGroundTruthAndManifestAndPrintsOnlyCounts() throws IOException {
    int code = run("--patients", "30", "--seed", "4", "--out", tmp.toString());

    assertThat(code).isZero();
    assertThat(tmp.resolve("bundles/00000-shared.json")).exists();
    assertThat(tmp.resolve("bundles/patient-000001.json")).exists();
    assertThat(tmp.resolve("bundles/patient-000030.json")).exists();
    assertThat(tmp.resolve("ground-truth/patients.ndjson")).exists();
    assertThat(Files.readAllLines(tmp.resolve("ground-truth/patients.ndjson"))).hasSize(30);
    assertThat(tmp.resolve("manifest.json")).exists();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("generated 30 patients").contains("Patient");
    assertThat(printed).doesNotContain("Nguyễn").doesNotContain("Trần").doesNotContain("urn:uuid");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("100%");
  }

  @Test
  void writesNdjsonPerResourceType() {
    int code = run("--patients", "20", "--seed", "4", "--out", tmp.toString(), "--format", "ndjson");

    assertThat(code).isZero();
    assertThat(tmp.resolve("ndjson/Patient.ndjson")).exists();
    assertThat(tmp.resolve("ndjson/Organization.ndjson")).exists();
  }

  @Test
  void missingRequiredOptionsExitWithUsage() {
    int code = run("--patients", "10");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("required").contains("usage");
  }

  @Test
  void badValuesAreReportedWithTheOption() {
    assertThat(run("--patients", "ten", "--seed", "1", "--out", tmp.toString())).isEqualTo(2);
    assertThat(run("--patients", "5", "--seed", "1", "--out", tmp.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format must be bundles or ndjson");
    assertThat(run("--patients", "0", "--seed", "1", "--out", tmp.toString())).isEqualTo(2);
    assertThat(run("--patients", "5", "--seed", "1", "--out", tmp.toString(), "--start-date", "2026-02-30"))
        .isEqualTo(2);
    assertThat(run("--patients", "5", "--seed", "1", "--out", tmp.toString(), "--start-date", "2026-09-01",
        "--end-date", "2026-08-01")).isEqualTo(2);
  }

  @Test
  void customWindowMovesTheData() throws IOException {
    int code = run("--patients", "40", "--seed", "4", "--out", tmp.toString(), "--start-date", "2015-01-01",
        "--end-date", "2019-12-31");

    assertThat(code).isZero();
    String manifest = Files.readString(tmp.resolve("manifest.json"));
    assertThat(manifest).contains("\"endDate\":\"2019-12-31\"");
    assertThat(Files.readString(tmp.resolve("bundles/patient-000001.json"))).doesNotContain("\"2026-");
  }
}
