package vn.sen.app.companion.schedule;

import java.time.LocalDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one active MedicationRequest asks the patient to take, ready to be laid out on a calendar: steps
 * applied one after the other (tapering), each with its concurrent dosages.
 *
 * @param start when the first step starts (bounds, validity or authoring), in the patient's local time;
 *     null when the prescription gives none and its steps do not need one
 * @param startIsMoment whether {@code start} has a time of day (doses before it are not expected)
 * @param end no doses from then on (a completed prescription's validity end), or null
 */
record Regimen(
    String requestId,
    String medication,
    String medicationDisplay,
    List<Step> steps,
    @Nullable LocalDateTime start,
    boolean startIsMoment,
    @Nullable LocalDateTime end) {

  /** Dosages taken together for {@code duration} (null: until the prescription ends). */
  record Step(List<Part> parts, SigPhase.@Nullable Span duration) {}

  /**
   * One dosage of a step.
   *
   * @param end the end of FHIR boundsPeriod, in local time, when given
   * @param count at most this many doses in all (FHIR Timing.repeat.count)
   */
  record Part(SigPhase phase, @Nullable LocalDateTime end, @Nullable Integer count) {}
}
