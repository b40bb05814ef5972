package vn.sen.fhir.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * {@code $validate} (https://hl7.org/fhir/R4/resource-operation-validate.html): full validation against
 * the base R4 definitions with HAPI's instance validator, offline. The validator takes seconds to
 * build, so it is built on first use and then shared (it is thread-safe).
 */
final class ValidateOperation {
  private final FhirContext context;
  private volatile @Nullable FhirValidator validator;

  ValidateOperation(FhirContext context) {
    this.context = context;
  }

  /**
   * Validates the body (a resource, or Parameters with {@code resource}); the outcome is 200 whatever
   * it finds. A bare resource is validated as sent, so that elements a strict parse would refuse are
   * reported as issues rather than as a failed request.
   */
  OperationOutcome validate(String type, byte[] body, Format format, ResourceParser parser) {
    Resource parsed = parser.parseLenient(body, format);
    ValidationResult result;
    if (parsed instanceof Parameters parameters && !type.equals("Parameters")) {
      Parameters.ParametersParameterComponent p = parameters.getParameter("resource");
      if (p == null || p.getResource() == null) {
        throw new FhirException(ErrorCode.INVALID_REQUEST,
            "$validate with Parameters needs a 'resource' parameter", "Parameters.parameter");
      }
      requireType(type, p.getResource());
      result = validator().validateWithResult(p.getResource());
    } else {
      requireType(type, parsed);
      result = validator().validateWithResult(new String(body, StandardCharsets.UTF_8));
    }
    OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
    if (outcome.getIssue().isEmpty()) {
      outcome.addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
          .setCode(OperationOutcome.IssueType.INFORMATIONAL)
          .setDiagnostics("No issues detected during validation");
    }
    return outcome;
  }

  private static void requireType(String type, Resource resource) {
    if (!resource.fhirType().equals(type)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The resource is a " + resource.fhirType() + " but the URL names " + type, "resourceType");
    }
  }

  private FhirValidator validator() {
    FhirValidator v = validator;
    if (v == null) {
      synchronized (this) {
        v = validator;
        if (v == null) {
          ValidationSupportChain chain = new ValidationSupportChain(
              new DefaultProfileValidationSupport(context),
              new CommonCodeSystemsTerminologyService(context),
              new InMemoryTerminologyServerValidationSupport(context),
              new SnapshotGeneratingValidationSupport(context));
          v = context.newValidator();
          v.registerValidatorModule(new FhirInstanceValidator(chain));
          validator = v;
        }
      }
    }
    return v;
  }
}
