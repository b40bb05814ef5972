/**
 * FHIR vocabulary shared by every Sen module: the {@link vn.sen.fhir.core.FhirRepository} port, the
 * stored-resource value, and the error model mapped once to OperationOutcome.
 */
@NullMarked
package vn.sen.fhir.core;

import org.jspecify.annotations.NullMarked;
