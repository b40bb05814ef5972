package vn.sen.fhir.core;

import org.jspecify.annotations.Nullable;

/**
 * One problem found in a request or resource, as it will appear in an OperationOutcome issue.
 *
 * @param severity fatal, error, warning or information
 * @param code FHIR IssueType code
 * @param diagnostics human-readable text; never contains patient data
 * @param expression FHIRPath location of the problem, e.g. {@code Patient.birthDate}
 */
public record Issue(String severity, String code, String diagnostics, @Nullable String expression) {

  public static Issue error(String code, String diagnostics, @Nullable String expression) {
    return new Issue("error", code, diagnostics, expression);
  }

  public static Issue warning(String code, String diagnostics, @Nullable String expression) {
    return new Issue("warning", code, diagnostics, expression);
  }
}
