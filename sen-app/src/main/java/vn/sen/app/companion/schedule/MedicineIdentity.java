package vn.sen.app.companion.schedule;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Which medicine a MedicationRequest, MedicationAdministration or MedicationDispense is about, the same
 * way for all three (FHIR's {@code medication[x]}): the {@code Medication/…} reference, else the first
 * coding as {@code system|code}, else the text.
 */
public final class MedicineIdentity {
  private MedicineIdentity() {}

  /** The key that groups records of one medicine. */
  public static String key(@Nullable Reference reference, @Nullable CodeableConcept code) {
    if (reference != null && reference.hasReference()) {
      return reference.getReference();
    }
    if (code != null) {
      Coding c = code.getCodingFirstRep();
      if (c.hasCode()) {
        return c.getSystem() + "|" + c.getCode();
      }
      if (code.hasText()) {
        return code.getText();
      }
    }
    return "";
  }

  /** The name to show. */
  public static String display(@Nullable Reference reference, @Nullable CodeableConcept code) {
    if (reference != null && (reference.hasDisplay() || reference.hasReference())) {
      return reference.hasDisplay() ? reference.getDisplay() : reference.getReference();
    }
    if (code != null) {
      if (code.hasText()) {
        return code.getText();
      }
      Coding c = code.getCodingFirstRep();
      return c.hasDisplay() ? c.getDisplay() : String.valueOf(c.getCode());
    }
    return "?";
  }
}
