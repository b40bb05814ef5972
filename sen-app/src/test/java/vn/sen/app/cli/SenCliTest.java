package vn.sen.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SenCli.run(Command.parse(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void serveAndDemoPassTheirRemainingArgumentsToSpring() {
    assertThat(Command.parse(List.of("serve", "--server.port=9090")))
        .isEqualTo(new Command.Serve(List.of("--server.port=9090")));
    assertThat(Command.parse(List.of("demo"))).isEqualTo(new Command.Demo(List.of()));
  }

  @Test
  void subcommandsNotBuiltYetSaySoAndExitWithTwo() {
    for (String name : List.of("load", "bench")) {
      err.reset();

      int code = run(name, "--anything");

      assertThat(code).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sen " + name + ": not available yet");
    }
  }

  @Test
  void generateDelegatesToTheSyntheticPopulationGenerator() {
    assertThat(Command.parse(List.of("generate", "--patients", "5")))
        .isEqualTo(new Command.Generate(List.of("--patients", "5")));

    int code = run("generate", "--help");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--patients N --seed S --out DIR");
  }

  @Test
  void unknownCommandPrintsUsageAndExitsWithTwo() {
    int code = run("frobnicate");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'").contains("usage:");
  }

  @Test
  void noArgumentsPrintsUsage() {
    int code = run();

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve").contains("demo");
  }
}
