package vn.sen.app.companion.web;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a dose was skipped, as the patient chooses on one screen. Coded in Sen's CodeSystem {@value #SYSTEM}
 * on MedicationAdministration.statusReason.
 */
public enum SkipReason {
  SIDE_EFFECT("side-effect", "Side effect or feeling unwell"),
  OUT_OF_STOCK("out-of-stock", "Out of medicine"),
  CLINICIAN_ADVICE("clinician-advice", "Told by a doctor or nurse to pause"),
  PATIENT_CHOICE("patient-choice", "Did not want to take it"),
  OTHER("other", "Other reason");

  public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/dose-skip-reason";

  private final String code;
  private final String display;

  SkipReason(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  /** Message key of the button label. */
  public String label() {
    return "companion.skip." + code;
  }

  public static Optional<SkipReason> ofCode(String code) {
    for (SkipReason r : values()) {
      if (r.code.equals(code.toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
