package vn.sen.app.companion.reminder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.RelatedPerson;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.platform.policy.SenCodes;

/**
 * Caregiver consent read from the record: an active Consent of the patient whose policy rule is
 * {@code caregiver} in {@link SenCodes#CONSENT_POLICY}, whose provision names the RelatedPerson as actor
 * and whose provision period (if any) covers the time; and the RelatedPerson is active and related to
 * that patient. The same shape the access policy reads (docs/security.md, consent shapes).
 */
final class FhirCaregiverConsent implements CaregiverConsent {
  private static final int MAX_CONSENTS = 100;
  private final CompanionStore fhir;

  FhirCaregiverConsent(CompanionStore fhir) {
    this.fhir = fhir;
  }

  @Override
  public boolean authorises(String patientId, String relatedPersonId, Instant at) {
    RelatedPerson person = fhir.read(RelatedPerson.class, relatedPersonId).orElse(null);
    if (person == null || (person.hasActive() && !person.getActive())
        || !("Patient/" + patientId).equals(person.getPatient().getReference())) {
      return false;
    }
    String query = "patient=" + encode("Patient/" + patientId) + "&status=active";
    for (Consent consent : fhir.search(Consent.class, query, MAX_CONSENTS)) {
      if (isCaregiverPolicy(consent) && covers(consent.getProvision().getPeriod(), at)
          && namesActor(consent, "RelatedPerson/" + relatedPersonId)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCaregiverPolicy(Consent consent) {
    for (Coding coding : consent.getPolicyRule().getCoding()) {
      if (SenCodes.CONSENT_POLICY.equals(coding.getSystem()) && "caregiver".equals(coding.getCode())) {
        return true;
      }
    }
    return false;
  }

  private static boolean namesActor(Consent consent, String reference) {
    return consent.getProvision().getActor().stream()
        .anyMatch(actor -> reference.equals(actor.getReference().getReference()));
  }

  private static boolean covers(Period period, Instant at) {
    Date when = Date.from(at);
    return (!period.hasStart() || !period.getStart().after(when))
        && (!period.hasEnd() || period.getEnd().after(when));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
