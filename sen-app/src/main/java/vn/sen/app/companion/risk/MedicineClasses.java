package vn.sen.app.companion.risk;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/**
 * A medicine's class: the third ATC level (first four characters, e.g. {@code C10A} lipid-modifying
 * agents, plain) from an ATC coding on the medication concept or on the referenced Medication.
 * Medications are looked up once each through {@code lookup}.
 */
final class MedicineClasses {
  static final String ATC = "http://www.whocc.no/atc";

  private final Function<String, Optional<Medication>> lookup;
  private final Map<String, Optional<String>> byMedicationId = new ConcurrentHashMap<>();

  /** @param lookup reads a Medication by id */
  MedicineClasses(Function<String, Optional<Medication>> lookup) {
    this.lookup = lookup;
  }

  /** The class of {@code medication[x]}: a CodeableConcept or a reference to a Medication. */
  Optional<String> of(@Nullable Type medication) {
    if (medication instanceof CodeableConcept concept) {
      return fromConcept(concept);
    }
    if (medication instanceof Reference reference && reference.hasReference()) {
      String ref = reference.getReference();
      if (!ref.startsWith("Medication/")) {
        return Optional.empty();
      }
      String id = ref.substring("Medication/".length());
      return byMedicationId.computeIfAbsent(id, key -> lookup.apply(key).flatMap(m -> fromConcept(m.getCode())));
    }
    return Optional.empty();
  }

  /** Remembers a Medication read ahead (NDJSON), so that lookups do not go back to the source. */
  void remember(Medication medication) {
    byMedicationId.put(medication.getIdPart(), fromConcept(medication.getCode()));
  }

  static Optional<String> fromConcept(CodeableConcept concept) {
    for (Coding c : concept.getCoding()) {
      if (ATC.equals(c.getSystem()) && c.hasCode() && c.getCode().length() >= 4) {
        return Optional.of(c.getCode().substring(0, 4));
      }
    }
    return Optional.empty();
  }
}
