package vn.sen.app.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress bar on stderr (bytes of input done, resources loaded, rate), redrawn at most twice a
 * second; failure lines are printed above it. Shows file names and counts only, never content.
 */
final class LoadProgress {
  private static final long REDRAW_NANOS = 500_000_000L;
  private final PrintStream err;
  private final long totalBytes;
  private final long started = System.nanoTime();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong resources = new AtomicLong();
  private long lastDrawn;

  LoadProgress(PrintStream err, long totalBytes) {
    this.err = err;
    this.totalBytes = Math.max(1, totalBytes);
  }

  void advance(long doneBytes, long doneResources) {
    bytes.addAndGet(doneBytes);
    resources.addAndGet(doneResources);
    long now = System.nanoTime();
    synchronized (this) {
      if (now - lastDrawn >= REDRAW_NANOS) {
        lastDrawn = now;
        draw(now);
      }
    }
  }

  synchronized void problem(String line) {
    err.print("\r\033[K");
    err.println(line);
    lastDrawn = 0;
  }

  synchronized void finish() {
    draw(System.nanoTime());
    err.println();
  }

  long resources() {
    return resources.get();
  }

  double seconds() {
    return Math.max(0.001, (System.nanoTime() - started) / 1e9);
  }

  private void draw(long now) {
    int percent = (int) Math.min(100, 100 * bytes.get() / totalBytes);
    int filled = percent / 4;
    double seconds = Math.max(0.001, (now - started) / 1e9);
    err.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d resources %,.0f/s %,.0f MB", "#".repeat(filled),
        ".".repeat(25 - filled), percent, resources.get(), resources.get() / seconds, bytes.get() / 1e6);
  }
}
