package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audience check reads the claim as decoded: a string or a collection, compared whole. */
class AudienceClaimTest {
  private static final String BASE = "http://127.0.0.1:8080";

  @Test
  void theFhirApiMustBeNamedExactly() {
    assertThat(SecurityConfiguration.audienceNames(BASE + "/fhir", BASE, "/fhir")).isTrue();
    assertThat(SecurityConfiguration.audienceNames(List.of("other", BASE + "/fhir"), BASE, "/fhir")).isTrue();
    assertThat(SecurityConfiguration.audienceNames(Set.of(BASE + "/fhir"), BASE, "/fhir")).isTrue();
    assertThat(SecurityConfiguration.audienceNames(Arrays.asList(null, BASE + "/fhir"), BASE, "/fhir")).isTrue();

    assertThat(SecurityConfiguration.audienceNames(null, BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames(List.of(), BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames(BASE, BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames(BASE + "/fhirx", BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames(BASE + "/x/fhir", BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames("http://127.0.0.1:8081/fhir", BASE, "/fhir")).isFalse();
    assertThat(SecurityConfiguration.audienceNames(List.of(BASE + "/fhir/"), BASE, "/fhir")).isFalse();
  }
}
