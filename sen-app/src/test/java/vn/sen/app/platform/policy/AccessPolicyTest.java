package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.SearchParameterRegistry;

class AccessPolicyTest {
  static final AccessPolicy POLICY = new AccessPolicy(new RolePermissions(),
      new SearchParameterRegistry(FhirContext.forR4Cached()));

  static AccessSubject user(String role, String fhirUser, String org) {
    return new AccessSubject("u", false, Set.of(role), fhirUser, org, null, AccessSubject.ScopeGrant.ALL);
  }

  @Test
  void aDoctorSeesEveryTypeOfRelatedRecordsThroughTheirPartiesAndOrganisation() {
    AccessFilter f = POLICY.filter(user("doctor", "Practitioner/d1", "Organization/s1"), Set.of("PractitionerRole/r1"));

    assertThat(f.unrestricted()).isFalse();
    assertThat(f.compartmentTypes()).isNull();
    assertThat(f.parties()).containsExactlyInAnyOrder("Practitioner/d1", "Organization/s1", "PractitionerRole/r1");
    assertThat(f.organization()).isEqualTo("Organization/s1");
    assertThat(f.ownPatient()).isNull();
  }

  @Test
  void anAppLaunchedForOnePatientSeesOnlyThatRecordOfTheClinicians() {
    AccessSubject launched = new AccessSubject("d", false, Set.of("doctor"), "Practitioner/d1", "Organization/s1",
        "pat-7", AccessSubject.ScopeGrant.ALL);
    AccessSubject patient = new AccessSubject("p", false, Set.of("patient"), "Patient/pat-1", null, "pat-1",
        AccessSubject.ScopeGrant.ALL);

    AccessFilter f = POLICY.filter(launched, Set.of());
    assertThat(f.onlyPatient()).isEqualTo("pat-7");
    assertThat(f.ownPatient()).isNull();
    assertThat(f.parties()).contains("Practitioner/d1", "Organization/s1");
    assertThat(POLICY.filter(patient, Set.of()).onlyPatient()).isNull();
    assertThat(POLICY.filter(user("doctor", "Practitioner/d1", "Organization/s1"), Set.of()).onlyPatient()).isNull();
  }

  @Test
  void aReceptionistSeesDemographicsButNoClinicalData() {
    AccessSubject r = user("receptionist", "Practitioner/x", "Organization/s1");

    assertThat(POLICY.mayRead(r, "Patient")).isTrue();
    assertThat(POLICY.mayRead(r, "Observation")).isFalse();
    assertThat(POLICY.filter(r, Set.of()).compartmentTypes()).contains("Patient", "Encounter")
        .doesNotContain("Observation", "Condition");
  }

  @Test
  void aNurseRecordsCareButDoesNotPrescribe() {
    AccessSubject n = user("nurse", "Practitioner/n", "Organization/s1");

    POLICY.requireWrite(n, "Observation", 'c');
    assertThatThrownBy(() -> POLICY.requireWrite(n, "MedicationRequest", 'c')).isInstanceOf(FhirException.class);
  }

  @Test
  void aPatientSeesTheirOwnRecordAndWritesOnlySelfReports() {
    AccessSubject p = new AccessSubject("p", false, Set.of("patient"), "Patient/pat-1", null, "pat-1",
        AccessSubject.ScopeGrant.ALL);

    assertThat(POLICY.filter(p, Set.of()).ownPatient()).isEqualTo("pat-1");
    POLICY.requireWrite(p, "MedicationAdministration", 'c');
    assertThatThrownBy(() -> POLICY.requireWrite(p, "Condition", 'c')).isInstanceOf(FhirException.class);
    assertThat(POLICY.mayAudit(p)).isFalse();
  }

  @Test
  void researchersAndAdministratorsSeeNoPatientData() {
    for (String role : new String[] {"researcher", "admin", "manager"}) {
      AccessSubject s = user(role, "Practitioner/z", "Organization/s1");
      assertThat(POLICY.mayRead(s, "Observation")).as(role).isFalse();
      assertThat(POLICY.mayRead(s, "Organization")).as(role).isTrue();
    }
  }

  @Test
  void scopesNarrowWhatTheRoleAllows() {
    AccessSubject d = new AccessSubject("u", false, Set.of("doctor"), "Practitioner/d1", "Organization/s1", null,
        (type, interaction) -> type.equals("Observation") && interaction == 'r');

    assertThat(POLICY.mayRead(d, "Observation")).isTrue();
    assertThat(POLICY.mayRead(d, "Condition")).isFalse();
    assertThat(POLICY.filter(d, Set.of()).compartmentTypes()).containsExactly("Observation");
    assertThatThrownBy(() -> POLICY.requireWrite(d, "Observation", 'c')).isInstanceOf(FhirException.class);
  }

  @Test
  void systemClientsAreHeldOnlyByTheirScopes() {
    AccessSubject sys = new AccessSubject("his", true, Set.of(), null, null, null, (t, i) -> i == 'r' || i == 's');

    assertThat(POLICY.filter(sys, Set.of())).isEqualTo(AccessFilter.UNRESTRICTED);
    assertThatThrownBy(() -> POLICY.requireWrite(sys, "Patient", 'c')).isInstanceOf(FhirException.class);
  }

  @Test
  void onlyCliniciansWithAFhirIdentityMayBreakTheGlass() {
    assertThat(POLICY.mayBreakGlass(user("doctor", "Practitioner/d1", null))).isTrue();
    assertThat(POLICY.mayBreakGlass(user("receptionist", "Practitioner/r1", null))).isFalse();
  }
}
