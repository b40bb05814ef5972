package vn.sen.app.platform.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;

/**
 * Labels resources of sensitive categories as they are written, so that a patient's consent can restrict
 * them: HL7 v3 ActCode {@code HIV} (ICD-10 B20–B24, Z21; antiretrovirals, ATC J05AE/AF/AG/AR), {@code PSY}
 * (mental and behavioural disorders, ICD-10 F00–F99) and {@code SEX} (pregnancy and reproductive health,
 * ICD-10 O00–O99, Z30–Z39). Labels a client sent are kept. Sen's own mapping, documented in
 * docs/security.md; facilities may label more themselves.
 */
public final class SensitivityLabels {

  /** Adds the category labels the resource's codes call for; returns the categories added. */
  public Set<String> label(Resource resource) {
    List<CodeableConcept> codes = switch (resource) {
      case Condition c -> List.of(c.getCode());
      case Observation o -> o.hasValueCodeableConcept() ? List.of(o.getCode(), o.getValueCodeableConcept())
          : List.of(o.getCode());
      case Procedure p -> List.of(p.getCode());
      case DiagnosticReport d -> d.getConclusionCode();
      case MedicationRequest m -> m.hasMedicationCodeableConcept() ? List.of(m.getMedicationCodeableConcept()) : List.of();
      case MedicationStatement m -> m.hasMedicationCodeableConcept() ? List.of(m.getMedicationCodeableConcept()) : List.of();
      default -> List.of();
    };
    Set<String> categories = new LinkedHashSet<>();
    for (CodeableConcept concept : codes) {
      for (Coding coding : concept.getCoding()) {
        String category = category(coding);
        if (category != null) {
          categories.add(category);
        }
      }
    }
    Set<String> added = new LinkedHashSet<>();
    for (String category : categories) {
      boolean present = resource.getMeta().getSecurity().stream()
          .anyMatch(c -> SenCodes.ACT_CODE.equals(c.getSystem()) && category.equals(c.getCode()));
      if (!present) {
        resource.getMeta().addSecurity(SenCodes.ACT_CODE, category, null);
        added.add(category);
      }
    }
    return added;
  }

  private static @org.jspecify.annotations.Nullable String category(Coding coding) {
    String code = coding.getCode();
    if (code == null || code.isEmpty()) {
      return null;
    }
    String c = code.toUpperCase(java.util.Locale.ROOT);
    if (SenCodes.ICD10.equals(coding.getSystem())) {
      if (between(c, "B20", "B24") || c.startsWith("Z21")) {
        return "HIV";
      }
      if (c.startsWith("F")) {
        return "PSY";
      }
      if (c.startsWith("O") || between(c, "Z30", "Z39")) {
        return "SEX";
      }
    } else if (SenCodes.ATC.equals(coding.getSystem())) {
      if (c.startsWith("J05AE") || c.startsWith("J05AF") || c.startsWith("J05AG") || c.startsWith("J05AR")) {
        return "HIV";
      }
    }
    return null;
  }

  /** Whether the first three characters of an ICD-10 code fall in [from, to]. */
  private static boolean between(String code, String from, String to) {
    if (code.length() < 3) {
      return false;
    }
    String head = code.substring(0, 3);
    return head.compareTo(from) >= 0 && head.compareTo(to) <= 0;
  }
}
