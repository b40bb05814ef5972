package vn.sen.app.companion.reminder;

import java.time.Instant;

/**
 * The port that says whether the patient's consent authorises a caregiver (a RelatedPerson) at a time.
 * Escalation sends nothing to a caregiver it does not authorise.
 */
public interface CaregiverConsent {

  boolean authorises(String patientId, String relatedPersonId, Instant at);
}
