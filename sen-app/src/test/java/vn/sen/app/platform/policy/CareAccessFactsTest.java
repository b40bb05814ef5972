package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.access.AccessFact.CareRelation;
import vn.sen.fhir.core.access.AccessFact.LabelRestriction;
import vn.sen.fhir.core.access.AccessFact.LocalOnly;

class CareAccessFactsTest {
  static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  final CareAccessFacts facts = new CareAccessFacts(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void registrationAtAStationRelatesTheStationAndTheGeneralPractitioner() {
    Patient p = new Patient();
    p.setManagingOrganization(new Reference("Organization/station-1"));
    p.addGeneralPractitioner(new Reference("Practitioner/dr-1"));

    assertThat(facts.extract(p, "pat-1")).containsExactly(
        new CareRelation("pat-1", "Organization/station-1", null),
        new CareRelation("pat-1", "Practitioner/dr-1", null));
  }

  @Test
  void onlyAnOpenEncounterRelatesItsProvider() {
    Encounter open = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS);
    open.setServiceProvider(new Reference("Organization/hospital"));
    Encounter finished = open.copy().setStatus(Encounter.EncounterStatus.FINISHED);

    assertThat(facts.extract(open, "pat-1")).containsExactly(new CareRelation("pat-1", "Organization/hospital", null));
    assertThat(facts.extract(finished, "pat-1")).isEmpty();
  }

  @Test
  void activeCareTeamMembersIncludingFamilyCaregiversAreRelated() {
    CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.addParticipant().setMember(new Reference("Practitioner/nurse-1"));
    team.addParticipant().setMember(new Reference("RelatedPerson/daughter"));
    team.addParticipant().setMember(new Reference("Patient/pat-1"));

    assertThat(facts.extract(team, "pat-1")).extracting(f -> ((CareRelation) f).party())
        .containsExactly("Practitioner/nurse-1", "RelatedPerson/daughter");
    assertThat(facts.extract(team.setStatus(CareTeam.CareTeamStatus.INACTIVE), "pat-1")).isEmpty();
  }

  @Test
  void breakGlassTaskGrantsItsRequesterUntilTheRestrictionEnds() {
    Task t = new Task().setStatus(Task.TaskStatus.REQUESTED);
    t.getCode().addCoding().setSystem(SenCodes.ACCESS).setCode("break-glass");
    t.setRequester(new Reference("Practitioner/er-doc"));
    t.setOwner(new Reference("Organization/station-1"));
    Instant end = NOW.plusSeconds(4 * 3600);
    t.getRestriction().getPeriod().setEnd(Date.from(end));

    assertThat(facts.extract(t, "pat-1")).containsExactly(new CareRelation("pat-1", "Practitioner/er-doc", end));
  }

  @Test
  void consentPoliciesBecomeCaregiverLocalOnlyAndLabelFacts() {
    Consent c = new Consent().setStatus(Consent.ConsentState.ACTIVE);
    c.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("caregiver");
    c.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("local-only");
    c.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("restrict-category");
    c.getProvision().addActor().setReference(new Reference("RelatedPerson/son"));
    c.getProvision().addActor().setReference(new Reference("Organization/station-1"));
    c.getProvision().addSecurityLabel().setSystem(SenCodes.ACT_CODE).setCode("HIV");
    c.getProvision().addExtension(SenCodes.ALLOWED_ROLE, new org.hl7.fhir.r4.model.CodeType("doctor"));

    assertThat(facts.extract(c, "pat-1")).containsExactly(
        new CareRelation("pat-1", "RelatedPerson/son", null),
        new LocalOnly("pat-1", Set.of("Organization/station-1")),
        new LabelRestriction("pat-1", SenCodes.ACT_CODE, "HIV", Set.of("doctor")));
  }

  @Test
  void aWithdrawnOrLapsedConsentStatesNothing() {
    Consent c = new Consent().setStatus(Consent.ConsentState.INACTIVE);
    c.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode("caregiver");
    c.getProvision().addActor().setReference(new Reference("RelatedPerson/son"));
    assertThat(facts.extract(c, "pat-1")).isEmpty();

    c.setStatus(Consent.ConsentState.ACTIVE);
    c.getProvision().getPeriod().setEnd(Date.from(NOW.minusSeconds(60)));
    assertThat(facts.extract(c, "pat-1")).isEmpty();
  }

  @Test
  void resourcesOutsideARecordOrWithoutRelationshipsStateNothing() {
    assertThat(facts.extract(new Patient().setManagingOrganization(new Reference("Organization/x")), null)).isEmpty();
    assertThat(facts.extract(new Observation(), "pat-1")).isEmpty();
  }
}
