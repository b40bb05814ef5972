package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.Issue;

class OutcomesTest {
  static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

  @Test
  void theHandWrittenJsonIsWhatHapiWritesForTheSameIssues() {
    List<List<Issue>> cases = List.of(
        List.of(),
        List.of(new Issue("warning", "not-supported", "_count capped at 1000; pages hold 1000 entries", "_count")),
        List.of(new Issue("information", "informational", "Tìm kiếm \"bệnh nhân\" — tab\there\nnew line", null),
            new Issue("no-such-severity", "no-such-code", "unknown codes fall back", "Patient.name[0]"),
            new Issue("error", "invalid", "", "")));
    for (List<Issue> issues : cases) {
      String hand = new String(Outcomes.json(issues), StandardCharsets.UTF_8);
      String hapi = JSON.encodeResourceToString(Outcomes.of(issues));
      OperationOutcome parsed = JSON.parseResource(OperationOutcome.class, hand);
      assertThat(JSON.encodeResourceToString(parsed)).as(hand).isEqualTo(hapi);
    }
  }
}
