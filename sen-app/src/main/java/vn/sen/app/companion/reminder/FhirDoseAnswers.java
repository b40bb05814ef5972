package vn.sen.app.companion.reminder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.MedicationAdministration;
import vn.sen.app.companion.CompanionStore;

/**
 * Dose answers read from the record until the schedule module provides its own: a dose counts as
 * answered when a MedicationAdministration for its MedicationRequest (completed, or not-done for a
 * skip) has an effective time within {@code window} of the due time.
 */
final class FhirDoseAnswers implements DoseAnswers {
  private final CompanionStore fhir;
  private final Duration window;

  FhirDoseAnswers(CompanionStore fhir, Duration window) {
    this.fhir = fhir;
    this.window = window;
  }

  @Override
  public Set<DoseRef> answered(Collection<DoseRef> doses) {
    Set<DoseRef> answered = new HashSet<>();
    for (DoseRef dose : doses) {
      String query = "request=" + encode("MedicationRequest/" + dose.medicationRequestId())
          + "&subject=" + encode("Patient/" + dose.patientId())
          + "&status=completed,not-done"
          + "&effective-time=ge" + encode(dose.due().minus(window).toString())
          + "&effective-time=le" + encode(dose.due().plus(window).toString());
      if (!fhir.search(MedicationAdministration.class, query, 1).isEmpty()) {
        answered.add(dose);
      }
    }
    return answered;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
