package vn.sen.fhir.core.index;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store must index for one resource.
 *
 * @param values every search value of every parameter of the resource's type
 * @param patientCompartment the id of the Patient whose compartment the resource belongs to (the
 *     Patient itself for a Patient), or null when it belongs to none
 */
public record Extraction(List<IndexedValue> values, @Nullable String patientCompartment) {}
