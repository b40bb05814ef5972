package vn.sen.store.pg.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creation of the cluster, its password and its log folder inside the data directory. */
final class ClusterFiles {
  private static final Logger log = LoggerFactory.getLogger(ClusterFiles.class);

  private static final String PASSWORD_FILE = "pg-password";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private ClusterFiles() {}

  /** The role's password: generated once, kept 0600 in the data directory, reused on later starts. */
  static String password(Path dataDir) {
    Path file = dataDir.resolve(PASSWORD_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      SecureRandom random = new SecureRandom();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String generated = sb.toString();
      Path temp = Files.createTempFile(dataDir, PASSWORD_FILE, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, generated + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return generated;
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot read or write the database password file " + file + ": "
          + e, e);
    }
  }

  /**
   * Runs initdb into a temporary folder and renames it into place, so a killed first start never leaves
   * a half-created cluster that later starts would trip over.
   */
  static void initIfMissing(PostgresBinaries binaries, ServerAccount account, Path cluster, String password,
      String majorVersion) {
    Path versionFile = cluster.resolve("PG_VERSION");
    try {
      if (Files.exists(versionFile)) {
        String found = Files.readString(versionFile, StandardCharsets.UTF_8).strip();
        if (!found.equals(majorVersion)) {
          throw new EmbeddedPostgresException("the cluster " + cluster + " was created by PostgreSQL " + found
              + " but the embedded server is PostgreSQL " + majorVersion
              + "; move it away (or dump and restore it) before starting Sen");
        }
        if (!account.owns(cluster)) {
          account.own(cluster);
        }
        return;
      }
      if (Files.exists(cluster)) {
        throw new EmbeddedPostgresException(cluster + " exists but is not a PostgreSQL cluster (no PG_VERSION);"
            + " move it away or choose another SEN_DATA_DIR");
      }
      Path temp = cluster.resolveSibling(cluster.getFileName() + ".init-tmp");
      PostgresBinaries.deleteTree(temp);
      Files.createDirectory(temp,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path pwFile = cluster.resolveSibling(cluster.getFileName() + ".init-pw");
      Files.deleteIfExists(pwFile);
      Files.createFile(pwFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
        account.own(temp);
        account.own(pwFile);
        log.info("Creating PostgreSQL cluster {}", cluster);
        List<String> command = List.of(binaries.initdb().toString(), "-D", temp.toString(),
            "-U", EmbeddedPostgres.USER, "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C");
        ProcessRun result = ProcessRun.run(account.command(command));
        if (result.exitCode() != 0) {
          throw new EmbeddedPostgresException(
              "initdb failed (exit " + result.exitCode() + "): " + result.output().strip());
        }
      } finally {
        Files.deleteIfExists(pwFile);
      }
      Files.move(temp, cluster, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot create the PostgreSQL cluster " + cluster + ": " + e, e);
    }
  }

  /** The server log file, in a folder the server account can write. */
  static Path logFile(ServerAccount account, Path dataDir) {
    Path folder = dataDir.resolve("log");
    try {
      Files.createDirectories(folder);
      if (!account.owns(folder)) {
        account.own(folder);
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot create the log folder " + folder + ": " + e, e);
    }
    return folder.resolve("postgresql.log");
  }
}
