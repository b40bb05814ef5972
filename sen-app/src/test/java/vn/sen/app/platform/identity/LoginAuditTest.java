package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** Sign-ins through the login form, and failed ones, are in the audit trail. */
@ExtendWith(SenServer.class)
class LoginAuditTest {

  @Test
  void successfulAndFailedSignInsAreAudited(SenServer.Running sen) {
    String practitioner = "Practitioner/login-audit-" + UUID.randomUUID().toString().substring(0, 8);
    String user = "login-audit-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    sen.createUser(user, password, Set.of("nurse"), practitioner, null, null);

    assertThatThrownBy(() -> sen.signedIn(user, "wrong-" + password)).isInstanceOf(IllegalStateException.class);
    sen.signedIn(user, password);

    Bundle events = sen.fhirClient().search().byUrl("AuditEvent?agent=" + practitioner)
        .returnBundle(Bundle.class).execute();
    List<AuditEvent> logins = events.getEntry().stream().map(e -> (AuditEvent) e.getResource())
        .filter(e -> "110114".equals(e.getType().getCode())).toList();
    assertThat(logins).extracting(e -> e.getOutcome().toCode()).containsExactlyInAnyOrder("0", "4");
    assertThat(logins).allSatisfy(e -> assertThat(e.getAgentFirstRep().getNetwork().getAddress()).isNotBlank());
  }
}
