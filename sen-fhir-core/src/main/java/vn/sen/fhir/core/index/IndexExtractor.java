package vn.sen.fhir.core.index;

import org.hl7.fhir.r4.model.Resource;

/** Extracts the search values of every search parameter of a resource's type. Thread-safe. */
public interface IndexExtractor {
  Extraction extract(Resource resource);
}
