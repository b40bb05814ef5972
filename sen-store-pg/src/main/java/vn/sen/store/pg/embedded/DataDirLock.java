package vn.sen.store.pg.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the data directory for as long as this process uses its server. The operating
 * system drops it when the process dies, which is what lets a later start tell a postmaster abandoned by
 * a killed run (safe to stop) from one another live Sen process is using (must not be touched).
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve("sen-embedded.lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot open " + file + ": " + e, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirLock(channel, lock);
      }
    } catch (OverlappingFileLockException | IOException e) {
      // Held by this JVM already (OverlappingFileLock) or unreadable: treated as in use below.
    }
    closeQuietly(channel);
    throw new EmbeddedPostgresException("the data directory " + dataDir + " is in use by another running Sen"
        + " (or another embedded PostgreSQL in this process); stop it or choose another SEN_DATA_DIR");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
