package vn.sen.fhir.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.JsonStrings;

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

  /**
   * The same OperationOutcome as {@link #of}, written as compact JSON directly: Bundles carry one (the
   * parameters a search ignored, a transaction entry's outcome) and encoding it through HAPI's parser
   * cost more than the rest of a small search page.
   */
  static byte[] json(List<Issue> issues) {
    StringBuilder sb = new StringBuilder(64 + 96 * issues.size()).append("{\"resourceType\":\"OperationOutcome\"");
    for (int i = 0; i < issues.size(); i++) {
      Issue issue = issues.get(i);
      sb.append(i == 0 ? ",\"issue\":[{\"severity\":" : ",{\"severity\":");
      JsonStrings.appendQuoted(sb, severity(issue.severity()).toCode());
      sb.append(",\"code\":");
      JsonStrings.appendQuoted(sb, type(issue.code()).toCode());
      if (issue.diagnostics() != null && !issue.diagnostics().isEmpty()) {
        sb.append(",\"diagnostics\":");
        JsonStrings.appendQuoted(sb, issue.diagnostics());
      }
      if (issue.expression() != null && !issue.expression().isEmpty()) {
        sb.append(",\"expression\":[");
        JsonStrings.appendQuoted(sb, issue.expression());
        sb.append(']');
      }
      sb.append('}');
    }
    return sb.append(issues.isEmpty() ? "}" : "]}").toString().getBytes(StandardCharsets.UTF_8);
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
