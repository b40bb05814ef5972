package vn.sen.app.companion.adherence;

/**
 * How an expected dose ended (Sen's dose-level design; there is no standard): taken within the window
 * around its due time, taken outside it, skipped (reported not taken, with a reason), missed (no record at
 * all), or still pending (due too recently to be judged; left out of the measures).
 */
public enum DoseOutcome {
  ON_TIME,
  LATE,
  SKIPPED,
  MISSED,
  PENDING
}
