package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

  @Test
  void aTokenIsForOnePatientOnlyWhenAllItsClinicalScopesArePatientOnes() {
    assertThat(SmartScopes.patientContextOnly(List.of("openid", "launch/patient", "patient/*.rs"))).isTrue();
    assertThat(SmartScopes.patientContextOnly(List.of("patient/Observation.rs", "patient/*.read"))).isTrue();
    assertThat(SmartScopes.patientContextOnly(List.of("launch/patient", "patient/*.rs", "user/Practitioner.rs")))
        .isFalse();
    assertThat(SmartScopes.patientContextOnly(List.of("launch/patient", "system/*.rs"))).isFalse();
    // no clinical scope at all: nothing to narrow
    assertThat(SmartScopes.patientContextOnly(List.of("openid", "launch/patient"))).isFalse();
  }

  @Test
  void theGrantPermitsWhatTheScopesName() {
    var grant = SmartScopes.grant(List.of("patient/Observation.rs", "patient/Patient.read"));

    assertThat(grant.permits("Observation", 'r')).isTrue();
    assertThat(grant.permits("Observation", 'c')).isFalse();
    assertThat(grant.permits("Patient", 's')).isTrue();
    assertThat(grant.permits("Condition", 'r')).isFalse();
  }
}
