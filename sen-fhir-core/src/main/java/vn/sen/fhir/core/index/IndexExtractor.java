package vn.sen.fhir.core.index;

import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.search.SearchParamDef;

/** Extracts the search values of every search parameter of a resource's type. Thread-safe. */
public interface IndexExtractor {
  Extraction extract(Resource resource);

  /**
   * The values of the parameters {@code indexed} accepts, and the patient compartment as {@link
   * #extract(Resource)} finds it. A store that keeps only some parameters' values (others are read
   * from those) spares evaluating the rest.
   */
  default Extraction extract(Resource resource, Predicate<SearchParamDef> indexed) {
    Extraction all = extract(resource);
    return new Extraction(all.values().stream().filter(v -> indexed.test(v.param())).toList(),
        all.patientCompartment());
  }
}
