package vn.sen.app.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The units (whole files, or line ranges of NDJSON files) already loaded from one input root. One line
 * per completed unit, appended and flushed as soon as the server has committed it, so an interrupted
 * load resumes where it stopped. A file whose size changed is loaded again.
 */
final class LoadJournal implements AutoCloseable {
  private final Set<String> done = new HashSet<>();
  private final BufferedWriter writer;

  private LoadJournal(BufferedWriter writer) {
    this.writer = writer;
  }

  static LoadJournal open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    LoadJournal journal = new LoadJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    if (Files.exists(file)) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        // A line cut short by a kill is simply not a known unit: that unit is loaded again.
        lines.forEach(journal.done::add);
      }
    }
    return journal;
  }

  static String fileKey(String relativePath, long size) {
    return "file\t" + relativePath + "\t" + size;
  }

  static String batchKey(String relativePath, long size, long fromLine, long toLine) {
    return "lines\t" + relativePath + "\t" + size + "\t" + fromLine + "-" + toLine;
  }

  synchronized boolean isDone(String key) {
    return done.contains(key);
  }

  synchronized void markDone(String key) {
    if (done.add(key)) {
      try {
        writer.write(key);
        writer.newLine();
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the load journal", e);
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
