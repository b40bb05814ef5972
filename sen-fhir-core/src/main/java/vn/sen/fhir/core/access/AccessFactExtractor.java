package vn.sen.fhir.core.access;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/** Derives the {@link AccessFact}s a resource states, when it is written. Thread-safe. */
@FunctionalInterface
public interface AccessFactExtractor {

  /** An extractor that finds no facts: every record is visible only to unrestricted callers. */
  AccessFactExtractor NONE = (resource, patientCompartment) -> List.of();

  /**
   * @param resource the resource being written, with its id set
   * @param patientCompartment the patient whose compartment holds it, null if none
   */
  List<AccessFact> extract(Resource resource, @Nullable String patientCompartment);
}
