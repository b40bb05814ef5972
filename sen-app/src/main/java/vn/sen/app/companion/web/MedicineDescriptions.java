package vn.sen.app.companion.web;

import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.platform.policy.SenCodes;

/**
 * The plain words the pages use for a prescription: the medicine's name and what it is for — the
 * prescriber's reason (MedicationRequest.reasonCode, or the Condition or Observation of reasonReference),
 * else the medicine's class from its ATC code ("thuốc huyết áp").
 */
final class MedicineDescriptions {
  /** ATC groups with a plain class name (message keys {@code companion.class.<code>}); longest match wins. */
  private static final Set<String> CLASSES = Set.of("A02", "A10", "B01", "C01", "C03", "C07", "C08", "C09",
      "C10", "H03", "J01", "M01", "M04", "N02", "N03", "N05", "N06A", "R03", "R06");

  private final CompanionStore reader;

  MedicineDescriptions(CompanionStore reader) {
    this.reader = reader;
  }

  /** Name, reason and class of one prescription. */
  record Description(String name, @Nullable String purpose, @Nullable String purposeClass) {}

  Description describe(MedicationRequest request) {
    CodeableConcept code = null;
    String name = null;
    if (request.hasMedicationCodeableConcept()) {
      code = request.getMedicationCodeableConcept();
    } else if (request.hasMedicationReference()) {
      Reference ref = request.getMedicationReference();
      Medication medication = ref.getReference() == null ? null
          : reader.resolve(Medication.class, ref.getReference()).orElse(null);
      code = medication == null ? null : medication.getCode();
      name = ref.getDisplay();
    }
    String text = code == null ? null : text(code);
    name = text != null ? text : name != null ? name : "?";
    return new Description(name, purpose(request), code == null ? null : purposeClass(code));
  }

  /** "1 viên · sau ăn": the patient instruction or the dosage text. */
  static @Nullable String instruction(Dosage dosage) {
    if (dosage.hasPatientInstruction()) {
      return dosage.getPatientInstruction();
    }
    return dosage.hasText() ? dosage.getText() : null;
  }

  private @Nullable String purpose(MedicationRequest request) {
    for (CodeableConcept reason : request.getReasonCode()) {
      String t = text(reason);
      if (t != null) {
        return t;
      }
    }
    for (Reference ref : request.getReasonReference()) {
      String r = ref.getReference();
      if (r != null && r.startsWith("Condition/")) {
        String t = reader.resolve(Condition.class, r).map(c -> text(c.getCode())).orElse(null);
        if (t != null) {
          return t;
        }
      } else if (r != null && r.startsWith("Observation/")) {
        String t = reader.resolve(Observation.class, r).map(o -> text(o.getCode())).orElse(null);
        if (t != null) {
          return t;
        }
      }
      if (ref.hasDisplay()) {
        return ref.getDisplay();
      }
    }
    return null;
  }

  private static @Nullable String purposeClass(CodeableConcept code) {
    for (Coding c : code.getCoding()) {
      if (SenCodes.ATC.equals(c.getSystem()) && c.getCode() != null) {
        String atc = c.getCode().toUpperCase(java.util.Locale.ROOT);
        for (int len = Math.min(atc.length(), 4); len >= 3; len--) {
          if (CLASSES.contains(atc.substring(0, len))) {
            return "companion.class." + atc.substring(0, len);
          }
        }
      }
    }
    return null;
  }

  private static @Nullable String text(CodeableConcept concept) {
    if (concept.hasText()) {
      return concept.getText();
    }
    for (Coding c : concept.getCoding()) {
      if (c.hasDisplay()) {
        return c.getDisplay();
      }
    }
    return null;
  }
}
