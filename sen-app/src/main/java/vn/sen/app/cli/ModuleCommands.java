package vn.sen.app.cli;

import java.util.List;
import java.util.Optional;

/** The subcommands domain modules add to {@code ./sen}; one line per module. */
final class ModuleCommands {
  private ModuleCommands() {}

  static List<ModuleCommand> all() {
    return List.of(
        // audit
        // identity
        // companion
        new vn.sen.app.companion.risk.CompanionRiskCommand()
    );
  }

  static Optional<ModuleCommand> named(String name) {
    return all().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
