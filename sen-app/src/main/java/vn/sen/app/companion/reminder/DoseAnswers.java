package vn.sen.app.companion.reminder;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The port that says whether a patient answered a dose: taken or skipped, recorded as a
 * MedicationAdministration (completed or not-done) by the companion page or a check-in. Escalation asks
 * it once a dose has stayed open for the configured time.
 */
public interface DoseAnswers {

  /** Of {@code doses}, the ones that were answered (taken or skipped). */
  Set<DoseRef> answered(Collection<DoseRef> doses);

  /**
   * A dose escalation asks about.
   *
   * @param patientId the Patient's id
   * @param medicationRequestId the MedicationRequest
   * @param due when the dose was due
   */
  record DoseRef(String patientId, String medicationRequestId, Instant due) {}
}
