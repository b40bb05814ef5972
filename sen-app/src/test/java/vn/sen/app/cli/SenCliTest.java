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
  void generateLoadAndBenchRefuseUnknownOptionsWithUsageAndExitTwo() {
    for (String name : List.of("generate", "load", "bench")) {
      err.reset();

      int code = run(name, "--anything", "x");

      assertThat(code).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("--anything").contains("usage:");
    }
  }

  @Test
  void loadWithoutInputsSaysWhatIsMissing() {
    int code = run("load", "--clients", "2");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("name at least one directory or file");
  }

  @Test
  void oneShotCommandsDoNotLeaveAServerRunning() {
    assertThat(SenCli.leavesServerRunning(new String[] {"serve"})).isTrue();
    assertThat(SenCli.leavesServerRunning(new String[] {"demo"})).isTrue();
    assertThat(SenCli.leavesServerRunning(new String[] {"load", "x"})).isFalse();
    assertThat(SenCli.leavesServerRunning(new String[] {"bench"})).isFalse();
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
