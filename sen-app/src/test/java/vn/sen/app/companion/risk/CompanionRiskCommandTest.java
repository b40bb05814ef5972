package vn.sen.app.companion.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument mistakes are usage errors (exit 2) caught before Sen is started. */
class CompanionRiskCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new CompanionRiskCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheThreeSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("companion train").contains("companion evaluate")
        .contains("companion refresh");
  }

  @Test
  void mistakesAreUsageErrors() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("evaluate")).isEqualTo(2);
    assertThat(run("train", "--as-of", "last-week")).isEqualTo(2);
    assertThat(run("train", "--population", "/no/such/dir")).isEqualTo(2);
    assertThat(run("refresh", "--patient")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown subcommand 'frobnicate'")
        .contains("--population DIR is required").contains("--as-of must be YYYY-MM-DD");
  }
}
