package vn.sen.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.SenApplication;
import vn.sen.bench.BenchCommand;
import vn.sen.synth.cli.GenerateCommand;

/**
 * Runs one {@code ./sen} subcommand. Output here is for the person at the terminal: URLs and what is
 * (not yet) available, never patient data.
 */
public final class SenCli {
  /** Exit code for a subcommand that exists but is not built yet, and for a usage error. */
  public static final int NOT_AVAILABLE = 2;

  private SenCli() {}

  /**
   * Returns the process exit code; 0 for serve and demo, which leave the server running. generate, load
   * and bench return when done.
   */
  public static int run(String[] args) {
    return run(Command.parse(Arrays.asList(args)), System.out, System.err);
  }

  /** Whether the command starts a server that keeps running after {@link #run} returns. */
  public static boolean leavesServerRunning(String[] args) {
    return switch (Command.parse(Arrays.asList(args))) {
      case Command.Serve s -> true;
      case Command.Demo d -> true;
      default -> false;
    };
  }

  static int run(Command command, PrintStream out, PrintStream err) {
    return switch (command) {
      case Command.Serve serve -> {
        ConfigurableApplicationContext context = start(serve.springArgs(), false);
        Urls.print(context, out);
        yield 0;
      }
      case Command.Demo demo -> {
        ConfigurableApplicationContext context = start(demo.springArgs(), true);
        DemoData.load(context, out, err);
        Urls.print(context, out);
        out.println("Sen is running in the foreground; stop it with Ctrl-C.");
        yield 0;
      }
      case Command.Generate generate ->
          GenerateCommand.run(generate.args().toArray(String[]::new), out, err);
      case Command.Load load -> LoadCommand.run(load.args(), out, err);
      // the API benchmark measures the FHIR workload alone: the companion's own jobs (reminder planning
      // for every prescription at start and hourly, nightly risk) have their own bench (--reminders)
      case Command.Bench bench -> BenchCommand.run(bench.args(), out, err,
          dataDir -> InProcessSen.start(List.of("--sen.companion.reminders.enabled=false",
              "--sen.companion.risk.nightly=false"), dataDir));
      case Command.Module module -> module.command().run(module.args(), out, err);
      case Command.NotAvailable na -> {
        err.println("sen " + na.name() + ": not available yet; it arrives with " + na.arrivesWith() + ".");
        yield NOT_AVAILABLE;
      }
      case Command.Help help -> {
        out.println(usage());
        yield 0;
      }
      case Command.Unknown unknown -> {
        err.println("sen: unknown command '" + unknown.name() + "'");
        err.println(usage());
        yield NOT_AVAILABLE;
      }
    };
  }

  static ConfigurableApplicationContext start(List<String> springArgs, boolean demo) {
    List<String> args = new ArrayList<>(springArgs);
    if (demo) {
      args.add("--sen.demo=true");
    }
    return SpringApplication.run(SenApplication.class, args.toArray(String[]::new));
  }

  static String usage() {
    StringBuilder usage = new StringBuilder("""
        usage: java -jar sen-app.jar <command>   (or ./sen <command>)
          serve      start Sen (http://127.0.0.1:8080; SEN_PORT, SEN_BIND to change)
          demo       start Sen with demo data and print the URLs
          generate   write a synthetic population (generate --help)
          load       load bundles or NDJSON into Sen (load --help)
          bench      run the benchmark workload (bench --help; docs/benchmarks.md)""");
    for (ModuleCommand command : ModuleCommands.all()) {
      usage.append(String.format("%n  %-10s %s", command.name(), command.summary()));
    }
    return usage.toString();
  }
}
