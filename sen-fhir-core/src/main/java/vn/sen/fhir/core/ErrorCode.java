package vn.sen.fhir.core;

/**
 * Stable error codes of Sen's FHIR layer, each with its HTTP status and FHIR
 * <a href="https://hl7.org/fhir/R4/valueset-issue-type.html">IssueType</a> code.
 */
public enum ErrorCode {
  INVALID_REQUEST(400, "invalid"),
  INVALID_RESOURCE(422, "invalid"),
  UNKNOWN_RESOURCE_TYPE(404, "not-supported"),
  NOT_FOUND(404, "not-found"),
  GONE(410, "deleted"),
  METHOD_NOT_ALLOWED(405, "not-supported"),
  NOT_ACCEPTABLE(406, "not-supported"),
  CONFLICT(409, "conflict"),
  PRECONDITION_FAILED(412, "conflict"),
  MULTIPLE_MATCHES(412, "multiple-matches"),
  PAYLOAD_TOO_LARGE(413, "too-long"),
  UNSUPPORTED_MEDIA_TYPE(415, "not-supported"),
  NOT_IMPLEMENTED(501, "not-supported"),
  UNAUTHORIZED(401, "login"),
  FORBIDDEN(403, "forbidden"),
  INTERNAL(500, "exception");

  private final int status;
  private final String issueType;

  ErrorCode(int status, String issueType) {
    this.status = status;
    this.issueType = issueType;
  }

  public int status() {
    return status;
  }

  /** FHIR IssueType code for OperationOutcome.issue.code. */
  public String issueType() {
    return issueType;
  }
}
