package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.index.StructuralWriteCheck;

/** Everything the generator writes passes the checks Sen runs on every write: strict parsing and the structural check. */
class SenWriteCheckTest {
  private static final FhirContext CTX = FhirContext.forR4Cached();

  @Test
  void everyGeneratedResourcePassesSensStrictParserAndWriteCheck() {
    PopulationGenerator generator = new PopulationGenerator(GeneratorOptions.defaults(300, 21));
    StructuralWriteCheck check = new StructuralWriteCheck(CTX);
    IParser strict = CTX.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<String> problems = new ArrayList<>();
    int checked = 0;
    List<String> bundles = new ArrayList<>();
    bundles.add(generator.sharedBundle());
    for (int i = 1; i <= 300; i++) {
      bundles.add(generator.patient(i).bundle());
    }
    for (String json : bundles) {
      Bundle bundle = strict.parseResource(Bundle.class, json);
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        Resource resource = entry.getResource();
        if (resource.getIdElement().getValue() != null && resource.getIdElement().getValue().startsWith("urn:")) {
          // as in Sen's transaction processing, a urn:uuid placeholder is replaced by a server id before the check
          resource.setId((String) null);
        }
        for (Issue issue : check.check(resource)) {
          problems.add(resource.fhirType() + ": " + issue.diagnostics() + " at " + issue.expression());
        }
        checked++;
      }
    }

    assertThat(checked).isGreaterThan(10_000);
    assertThat(problems).isEmpty();
  }
}
