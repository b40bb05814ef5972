package vn.sen.fhir.core.index;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.Issue;

/**
 * The fast check every write passes: cardinality, required bindings and anything else the parser
 * does not already refuse, derived once from the R4 definitions. Thread-safe.
 */
public interface WriteCheck {
  /** Problems found; empty when the resource may be stored. */
  List<Issue> check(Resource resource);
}
