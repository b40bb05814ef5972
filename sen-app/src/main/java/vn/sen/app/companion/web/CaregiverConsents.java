package vn.sen.app.companion.web;

import java.time.Clock;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.platform.policy.SenCodes;

/**
 * Whether a RelatedPerson may act for a patient: an active Consent of that patient with the policy
 * {@code caregiver} of {@link SenCodes#CONSENT_POLICY} names them as provision.actor, and its
 * provision.period has not ended (docs/security.md, "Consent"); and the RelatedPerson is the patient's.
 */
final class CaregiverConsents {
  private final CompanionStore reader;
  private final Clock clock;

  CaregiverConsents(CompanionStore reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  boolean authorised(String relatedPersonId, String patientId) {
    RelatedPerson person = reader.read(RelatedPerson.class, relatedPersonId).orElse(null);
    if (person == null || !("Patient/" + patientId).equals(person.getPatient().getReference())
        || person.hasActive() && !person.getActive()) {
      return false;
    }
    String actor = "RelatedPerson/" + relatedPersonId;
    for (Consent c : reader.search(Consent.class, "patient=Patient/" + patientId + "&status=active&_count=100")) {
      if (caregiverPolicy(c) && current(c) && c.getProvision().getActor().stream()
          .map(a -> a.getReference()).map(Reference::getReference).anyMatch(actor::equals)) {
        return true;
      }
    }
    return false;
  }

  private static boolean caregiverPolicy(Consent c) {
    for (Coding coding : c.getPolicyRule().getCoding()) {
      if (SenCodes.CONSENT_POLICY.equals(coding.getSystem()) && "caregiver".equals(coding.getCode())) {
        return true;
      }
    }
    return false;
  }

  private boolean current(Consent c) {
    var period = c.getProvision().getPeriod();
    var now = clock.instant();
    return (period.getEnd() == null || period.getEnd().toInstant().isAfter(now))
        && (period.getStart() == null || !period.getStart().toInstant().isAfter(now));
  }
}
