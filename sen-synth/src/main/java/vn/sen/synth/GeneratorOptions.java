package vn.sen.synth;

import java.time.LocalDate;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * What to generate. The default window is five years ending on a fixed date (not the wall clock) so
 * the same seed always gives the same bytes.
 *
 * @param companionDays length of the recent window with dose-level companion data
 * @param longHistoryShare share of patients on medicines who have used the companion for at least
 *     180 days: they carry long histories (~1,000 resources), as a benchmark needs
 * @param threads generator threads; output does not depend on it
 * @param followUpDays days simulated after the end date for the companion's enrolled patients, written
 *     only to {@code ground-truth/follow-up.ndjson} (realised adherence per medicine class, the label a
 *     non-adherence model is evaluated against); 0 writes no such file and leaves all output as before
 */
public record GeneratorOptions(
    int patients,
    long seed,
    LocalDate startDate,
    LocalDate endDate,
    OutputFormat format,
    int companionDays,
    double longHistoryShare,
    int threads,
    int followUpDays) {

  public static final LocalDate DEFAULT_END = LocalDate.of(2026, 9, 30);
  public static final LocalDate DEFAULT_START = DEFAULT_END.minusYears(5).plusDays(1);

  public GeneratorOptions {
    if (patients < 1) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "patients must be at least 1, was " + patients, "patients");
    }
    if (!startDate.isBefore(endDate.minusDays(90))) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "start date " + startDate + " must be at least 90 days before end date " + endDate, "startDate");
    }
    if (companionDays < 0 || companionDays > 365) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "companion window must be 0-365 days, was " + companionDays, "companionDays");
    }
    if (longHistoryShare < 0 || longHistoryShare > 1) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "long-history share must be between 0 and 1, was " + longHistoryShare, "longHistoryShare");
    }
    if (followUpDays < 0 || followUpDays > 365) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "follow-up must be 0-365 days, was " + followUpDays, "followUpDays");
    }
    if (threads < 1) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "threads must be at least 1, was " + threads, "threads");
    }
  }

  /** Defaults: bundles, the fixed five-year window, 14 companion days, 1 in 200 long histories. */
  public static GeneratorOptions defaults(int patients, long seed) {
    return new GeneratorOptions(patients, seed, DEFAULT_START, DEFAULT_END, OutputFormat.BUNDLES, 14, 0.005,
        Math.max(1, Runtime.getRuntime().availableProcessors()), 0);
  }

  public GeneratorOptions withFormat(OutputFormat f) {
    return new GeneratorOptions(patients, seed, startDate, endDate, f, companionDays, longHistoryShare, threads, followUpDays);
  }

  public GeneratorOptions withWindow(LocalDate start, LocalDate end) {
    return new GeneratorOptions(patients, seed, start, end, format, companionDays, longHistoryShare, threads, followUpDays);
  }

  public GeneratorOptions withThreads(int n) {
    return new GeneratorOptions(patients, seed, startDate, endDate, format, companionDays, longHistoryShare, n, followUpDays);
  }

  public GeneratorOptions withLongHistoryShare(double share) {
    return new GeneratorOptions(patients, seed, startDate, endDate, format, companionDays, share, threads, followUpDays);
  }

  public GeneratorOptions withCompanionDays(int days) {
    return new GeneratorOptions(patients, seed, startDate, endDate, format, days, longHistoryShare, threads,
        followUpDays);
  }

  public GeneratorOptions withFollowUpDays(int days) {
    return new GeneratorOptions(patients, seed, startDate, endDate, format, companionDays, longHistoryShare,
        threads, days);
  }
}
