package vn.sen.app.load;

import java.util.List;

/**
 * What a load did (counts only).
 *
 * @param filesLoaded files (or NDJSON batches' files) loaded now
 * @param filesSkipped files already in the journal, not sent again
 * @param failures files or NDJSON line ranges refused, each with the reason; nothing of them was written
 * @param resources resources the server answered 2xx for
 * @param failedBatchEntries entries of batch Bundles that failed on their own (a batch is not atomic)
 * @param bytes input bytes sent
 * @param seconds wall-clock time
 */
public record LoadSummary(int filesLoaded, int filesSkipped, List<LoadFailure> failures, long resources,
    long failedBatchEntries, long bytes, double seconds) {

  public LoadSummary {
    failures = List.copyOf(failures);
  }

  /** Resources per second over the whole load. */
  public double rate() {
    return resources / Math.max(0.001, seconds);
  }

  public boolean ok() {
    return failures.isEmpty() && failedBatchEntries == 0;
  }

  /**
   * One refused unit.
   *
   * @param file the input file, relative to its root
   * @param part for NDJSON, the line range; blank for a whole file
   * @param reason the server's status and OperationOutcome diagnostics, or the local problem
   */
  public record LoadFailure(String file, String part, String reason) {
    @Override
    public String toString() {
      return file + (part.isEmpty() ? "" : " " + part) + ": " + reason;
    }
  }
}
