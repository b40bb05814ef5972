package vn.sen.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

@ExtendWith(SenServer.class)
class DemoDataTest {

  @Test
  void loadsTheSyntheticPopulationOnceAndPrintsCountsOnly(SenServer.Running sen) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DemoData demo = new DemoData(sen.baseUrl() + "/fhir", new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(demo.load(3)).isTrue();
    String firstRun = printed.toString(StandardCharsets.UTF_8);
    printed.reset();
    assertThat(demo.load(3)).isTrue();
    String secondRun = printed.toString(StandardCharsets.UTF_8);

    assertThat(firstRun).contains("Demo data: 3 patients").doesNotContain("refused");
    assertThat(secondRun).contains("already loaded");
    Bundle page = sen.fhirClient().search().forResource(Patient.class).count(50).returnBundle(Bundle.class).execute();
    for (Bundle.BundleEntryComponent entry : page.getEntry()) {
      String family = ((Patient) entry.getResource()).getNameFirstRep().getFamily();
      if (family != null) {
        assertThat(firstRun + secondRun).doesNotContain(family);
      }
    }
  }
}
