package vn.sen.fhir.http;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;

/**
 * An instance-level operation a domain module adds to the REST API, e.g. {@code Patient/{id}/$checkin}
 * (https://hl7.org/fhir/R4/operations.html). The servlet routes, parses the input and writes the output in
 * the format the client asked for; the operation itself only turns Parameters into a result. It runs with
 * the repository its module was given, so it passes the same access policy as every other interaction.
 */
public interface FhirOperation {

  /** The name without the {@code $}, e.g. {@code checkin}. */
  String name();

  /** The resource type whose instances it works on, e.g. {@code Patient}. */
  String resourceType();

  /** The canonical URL of its OperationDefinition, for the CapabilityStatement. */
  String definition();

  /** Whether it changes nothing, so that GET with query parameters may invoke it. */
  boolean affectsState();

  /**
   * Whether it works on the type rather than on an instance, e.g. {@code Patient/$match}: it is invoked at
   * {@code [type]/$[name]} with the empty string as id, and not at {@code [type]/[id]/$[name]}.
   */
  default boolean typeLevel() {
    return false;
  }

  /**
   * Runs the operation.
   *
   * @param id the instance's id; empty for a {@link #typeLevel} operation
   * @param input the body's Parameters, or the query string's parameters as strings for GET
   * @return the output, usually Parameters; thrown {@link vn.sen.fhir.core.FhirException}s become
   *     OperationOutcomes
   */
  Resource invoke(String id, Parameters input);
}
