package vn.sen.app.platform.audit;

import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * The audit trail could not record an access durably. The request it describes must fail (a server
 * fault, answered with an OperationOutcome): Sen serves nothing it has not recorded.
 */
public final class AuditWriteException extends FhirException {
  private static final long serialVersionUID = 1L;

  public AuditWriteException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL, message, cause);
  }
}
