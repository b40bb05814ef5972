package vn.sen.store.pg.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operating-system account PostgreSQL runs under. PostgreSQL refuses to run as root, so when Sen runs
 * as root the server programs are started through util-linux {@code setpriv} as {@code nobody:nogroup}
 * and the cluster folder is owned by that account; as a normal user they run directly.
 */
final class ServerAccount {
  static final String UNPRIVILEGED_USER = "nobody";
  static final String UNPRIVILEGED_GROUP = "nogroup";

  private final boolean root;

  private ServerAccount(boolean root) {
    this.root = root;
  }

  static ServerAccount current() {
    return new ServerAccount(new com.sun.security.auth.module.UnixSystem().getUid() == 0);
  }

  boolean switchesUser() {
    return root;
  }

  /** The command line that runs {@code command} as the server account. */
  List<String> command(List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of(
        "setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + UNPRIVILEGED_GROUP, "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives {@code folder} and everything in it to the server account (a no-op as a normal user). */
  void own(Path folder) {
    if (!root) {
      return;
    }
    try {
      UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName(UNPRIVILEGED_USER);
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(UNPRIVILEGED_GROUP);
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.toList()) {
          PosixFileAttributeView view =
              Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
          view.setOwner(user);
          view.setGroup(group);
        }
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "cannot give " + folder + " to the unprivileged user " + UNPRIVILEGED_USER + ": " + e, e);
    }
  }

  /** True when the server account already owns {@code folder} (always true as a normal user). */
  boolean owns(Path folder) throws IOException {
    return !root || Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName().equals(UNPRIVILEGED_USER);
  }

  /**
   * Fails clearly when the server account cannot reach {@code dataDir}: as root the data often sits under
   * {@code /root}, which {@code nobody} may not traverse, and PostgreSQL's own error would not say why.
   */
  void checkReachable(Path dataDir) {
    if (!root) {
      return;
    }
    for (Path p = dataDir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (!Files.exists(p)) {
        continue; // created later by this process with default, traversable permissions
      }
      try {
        PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class);
        boolean ownedByServer = attrs.owner().getName().equals(UNPRIVILEGED_USER);
        PosixFilePermission needed =
            ownedByServer ? PosixFilePermission.OWNER_EXECUTE : PosixFilePermission.OTHERS_EXECUTE;
        if (!attrs.permissions().contains(needed)) {
          throw new EmbeddedPostgresException(
              "Sen runs as root, so the embedded PostgreSQL runs as the unprivileged user '"
                  + UNPRIVILEGED_USER + "', which cannot enter " + p + " (on the path to the data directory "
                  + dataDir + "). Set SEN_DATA_DIR to a folder outside it (e.g. /var/lib/sen), run"
                  + " 'chmod o+x " + p + "', or run Sen as a normal user.");
        }
      } catch (IOException e) {
        throw new EmbeddedPostgresException("cannot inspect " + p + ": " + e, e);
      }
    }
  }
}
