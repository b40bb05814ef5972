package vn.sen.fhir.core.search;

import java.util.ArrayList;
import java.util.List;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.Issue;

/**
 * What one parse reports besides the query: in lenient mode a parameter the server does not
 * understand becomes a warning and is left out (R4 search: servers SHOULD ignore unknown parameters
 * and report them); in strict mode ({@code Prefer: handling=strict}) it is a 400.
 */
final class ParseOutcome {
  private final boolean strict;
  private final List<Issue> issues = new ArrayList<>();

  ParseOutcome(boolean strict) {
    this.strict = strict;
  }

  /**
   * Leaves a parameter out, or refuses the request when strict.
   *
   * @param message what is not understood, e.g. {@code Unknown search parameter 'x' for Patient}
   * @param expression the parameter as written
   */
  void ignore(String message, String expression) {
    if (strict) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, message, expression);
    }
    issues.add(Issue.warning("not-supported", message + " was ignored", expression));
  }

  /** A warning that does not depend on strictness (the request is served, only differently). */
  void warn(Issue issue) {
    issues.add(issue);
  }

  List<Issue> issues() {
    return List.copyOf(issues);
  }
}
