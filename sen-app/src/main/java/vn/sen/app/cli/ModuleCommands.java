package vn.sen.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.sen.app.companion.risk.CompanionRiskCommand;
import vn.sen.app.platform.audit.AuditCommand;
import vn.sen.app.platform.identity.IdentityCommands;
import vn.sen.app.store.StoreCommand;

/** The subcommands domain modules add to {@code ./sen}; one line per module. */
final class ModuleCommands {
  private ModuleCommands() {}

  static List<ModuleCommand> all() {
    List<ModuleCommand> commands = new ArrayList<>();
    // audit
    commands.add(new AuditCommand());
    // identity
    commands.add(IdentityCommands.user());
    commands.add(IdentityCommands.client());
    commands.add(IdentityCommands.keys());
    // companion
    commands.add(new CompanionRiskCommand());
    // store
    commands.add(new StoreCommand());
    return List.copyOf(commands);
  }

  static Optional<ModuleCommand> named(String name) {
    return all().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
