package vn.sen.app.cli;

import java.util.List;

/** A parsed {@code ./sen} subcommand. */
public sealed interface Command {

  /** Start the server; {@code springArgs} are passed on to Spring Boot (e.g. {@code --server.port=9090}). */
  record Serve(List<String> springArgs) implements Command {}

  /** Start the server, load demo data, print the URLs. */
  record Demo(List<String> springArgs) implements Command {}

  /** Write a synthetic population (sen-synth's {@code GenerateCommand}). */
  record Generate(List<String> args) implements Command {}

  /** Load Bundles and NDJSON into Sen ({@link LoadCommand}). */
  record Load(List<String> args) implements Command {}

  /** Run the benchmark workload (sen-bench's {@code BenchCommand}). */
  record Bench(List<String> args) implements Command {}

  /** A subcommand that exists in the launcher but whose implementation has not been built yet. */
  record NotAvailable(String name, String arrivesWith) implements Command {}

  /** A subcommand contributed by a domain module ({@link ModuleCommands}). */
  record Module(ModuleCommand command, List<String> args) implements Command {}

  record Help() implements Command {}

  record Unknown(String name) implements Command {}

  /** Reads the subcommand from the first argument; the rest belong to it. */
  static Command parse(List<String> args) {
    if (args.isEmpty()) {
      return new Help();
    }
    List<String> rest = List.copyOf(args.subList(1, args.size()));
    return switch (args.get(0)) {
      case "serve" -> new Serve(rest);
      case "demo" -> new Demo(rest);
      case "generate" -> new Generate(rest);
      case "load" -> new Load(rest);
      case "bench" -> new Bench(rest);
      case "help", "-h", "--help" -> new Help();
      default -> ModuleCommands.named(args.get(0)).<Command>map(c -> new Module(c, rest))
          .orElseGet(() -> new Unknown(args.get(0)));
    };
  }
}
