package vn.sen.fhir.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one domain exception of the FHIR layer: a stable {@link ErrorCode} plus the issues to report.
 * The HTTP adapter maps it once to a status and an OperationOutcome.
 */
public class FhirException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<Issue> issues;

  public FhirException(ErrorCode code, String message) {
    this(code, message, (String) null);
  }

  public FhirException(ErrorCode code, String message, @Nullable String expression) {
    super(message);
    this.code = code;
    this.issues = List.of(Issue.error(code.issueType(), message, expression));
  }

  public FhirException(ErrorCode code, String message, List<Issue> issues) {
    super(message);
    this.code = code;
    this.issues = List.copyOf(issues);
  }

  public FhirException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.issues = List.of(Issue.error(code.issueType(), message, null));
  }

  public ErrorCode code() {
    return code;
  }

  public List<Issue> issues() {
    return issues;
  }

  public static FhirException invalid(String message) {
    return new FhirException(ErrorCode.INVALID_REQUEST, message);
  }

  public static FhirException notFound(String type, String id) {
    return new FhirException(ErrorCode.NOT_FOUND, "Resource " + type + "/" + id + " is not known");
  }
}
