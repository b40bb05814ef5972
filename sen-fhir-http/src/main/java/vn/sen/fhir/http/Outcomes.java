package vn.sen.fhir.http;

import java.util.List;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import vn.sen.fhir.core.Issue;

/** Builds OperationOutcome resources from Sen's {@link Issue}s. */
final class Outcomes {
  private Outcomes() {}

  static OperationOutcome of(List<Issue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    for (Issue issue : issues) {
      var component = outcome.addIssue();
      component.setSeverity(severity(issue.severity()));
      component.setCode(type(issue.code()));
      component.setDiagnostics(issue.diagnostics());
      if (issue.expression() != null) {
        component.addExpression(issue.expression());
      }
    }
    return outcome;
  }

  static OperationOutcome information(String message) {
    return of(List.of(new Issue("information", "informational", message, null)));
  }

  private static IssueSeverity severity(String code) {
    try {
      return IssueSeverity.fromCode(code);
    } catch (FHIRException e) {
      return IssueSeverity.ERROR;
    }
  }

  private static IssueType type(String code) {
    try {
      return IssueType.fromCode(code);
    } catch (FHIRException e) {
      return IssueType.PROCESSING;
    }
  }
}
