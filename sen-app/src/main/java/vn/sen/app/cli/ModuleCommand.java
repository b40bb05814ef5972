package vn.sen.app.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A {@code ./sen} subcommand contributed by a domain module ({@code audit}, {@code user},
 * {@code companion}…). Implementations are listed in {@link ModuleCommands}; each gets the arguments after
 * its name and returns the process exit code. Output is for the person at the terminal: never patient data.
 */
public interface ModuleCommand {

  /** The word after {@code ./sen}, e.g. {@code audit}. */
  String name();

  /** One line for the usage text. */
  String summary();

  int run(List<String> args, PrintStream out, PrintStream err);
}
