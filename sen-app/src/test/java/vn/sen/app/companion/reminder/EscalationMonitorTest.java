package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.companion.reminder.ReminderFixture.hanoi;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;
import vn.sen.app.platform.policy.SenCodes;

class EscalationMonitorTest {
  private static ReminderFixture fx;
  private final ReminderSettings settings = ReminderSettings.standard();
  private String patient;
  private String daughter;

  @BeforeAll
  static void database() {
    fx = new ReminderFixture(EscalationMonitorTest.class, hanoi("2026-12-07", "00:00"));
  }

  @AfterAll
  static void drop() {
    fx.close();
  }

  @BeforeEach
  void family() {
    fx.execute("truncate reminder, reminder_dose, reminder_preference, reminder_delivery");
    fx.clock.set(hanoi("2026-12-07", "00:00"));
    patient = fx.create(new Patient());
    RelatedPerson rp = new RelatedPerson();
    rp.setPatient(new Reference("Patient/" + patient));
    daughter = fx.create(rp);
  }

  private void consent(String relatedPerson) {
    Consent c = new Consent();
    c.setStatus(Consent.ConsentState.ACTIVE);
    c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
        "patient-privacy", null)));
    c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
    c.setPatient(new Reference("Patient/" + patient));
    c.setPolicyRule(new CodeableConcept(new Coding(SenCodes.CONSENT_POLICY, "caregiver", null)));
    c.getProvision().addActor().setReference(new Reference("RelatedPerson/" + relatedPerson))
        .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "CAREGIVER",
            null)));
    fx.create(c);
  }

  private void escalateAfter(Duration after, int misses) {
    fx.preferences(settings).save(ReminderPreferences.defaults(patient, settings)
        .withEscalation(daughter, List.of(InPageChannel.NAME), after, misses));
  }

  private void plan(String... times) {
    List<ExpectedDose> doses = java.util.Arrays.stream(times).map(t -> new ExpectedDose(patient, "mr1",
        hanoi("2026-12-07", t), "1 viên", "Amlodipine 5 mg")).toList();
    new ReminderPlanner(fx.dataSource(), new ReminderFixture.ListFeed(doses), fx.preferences(settings), settings,
        fx.clock).planAhead();
  }

  private EscalationMonitor monitor(boolean careTeamAlerts) {
    return new EscalationMonitor(fx.dataSource(), new FhirDoseAnswers(fx.fhir, Duration.ofHours(2)),
        new FhirCaregiverConsent(fx.fhir), new EscalationRecords(fx.fhir, new ReminderTexts(ReminderFixture.HANOI),
        careTeamAlerts, fx.clock), fx.preferences(settings), settings, fx.clock);
  }

  private List<Communication> communications() {
    return fx.fhir.search(Communication.class, "subject=Patient/" + patient, 100);
  }

  @Test
  void unansweredDoseIsEscalatedAfterTheDelayWhenConsentAuthorisesTheCaregiver() {
    consent(daughter);
    escalateAfter(Duration.ofMinutes(60), 1);
    plan("07:00");

    fx.clock.set(hanoi("2026-12-07", "07:59"));
    assertThat(monitor(false).checkDue().doses()).as("not yet").isZero();
    fx.clock.set(hanoi("2026-12-07", "08:00"));
    EscalationMonitor.Checked checked = monitor(false).checkDue();

    assertThat(checked.escalated()).isEqualTo(1);
    assertThat(communications()).singleElement().satisfies(c -> {
      assertThat(c.getRecipientFirstRep().getReference()).isEqualTo("RelatedPerson/" + daughter);
      assertThat(c.getAboutFirstRep().getReference()).isEqualTo("MedicationRequest/mr1");
      assertThat(c.getPayloadFirstRep().getContentStringType().getValue()).contains("Amlodipine 5 mg", "07:00");
    });
    assertThat(fx.strings("select recipient || ' ' || kind || ' ' || channel from reminder where kind = 'escalation'"))
        .containsExactly("RelatedPerson/" + daughter + " escalation in-page");
    assertThat(fx.fhir.search(Flag.class, "subject=Patient/" + patient, 10)).isEmpty();
  }

  @Test
  void withoutConsentTheCaregiverIsNotTold() {
    RelatedPerson neighbour = new RelatedPerson();
    neighbour.setPatient(new Reference("Patient/" + patient));
    consent(fx.create(neighbour));
    escalateAfter(Duration.ofMinutes(60), 1);
    plan("07:00");

    fx.clock.set(hanoi("2026-12-07", "09:00"));
    EscalationMonitor.Checked checked = monitor(true).checkDue();

    assertThat(checked.unauthorised()).isEqualTo(1);
    assertThat(communications()).isEmpty();
    assertThat(fx.strings("select count(*) from reminder where kind = 'escalation'")).containsExactly("0");
    assertThat(fx.strings("select watch from reminder_dose")).containsExactly("unauthorised");
  }

  @Test
  void withdrawnConsentStopsEscalation() {
    consent(daughter);
    Consent withdrawn = fx.fhir.search(Consent.class, "patient=Patient/" + patient, 1).get(0);
    withdrawn.setStatus(Consent.ConsentState.INACTIVE);
    fx.store.inTransaction(tx -> tx.update("Consent", withdrawn.getIdElement().getIdPart(), withdrawn, null));
    escalateAfter(Duration.ofMinutes(60), 1);
    plan("07:00");

    fx.clock.set(hanoi("2026-12-07", "09:00"));

    assertThat(monitor(false).checkDue().unauthorised()).isEqualTo(1);
    assertThat(communications()).isEmpty();
  }

  @Test
  void escalatesOnlyAfterTwoMissesInARowAndTellsTheCareTeamWhenConfigured() {
    consent(daughter);
    escalateAfter(Duration.ofMinutes(30), 2);
    plan("07:00", "12:00", "19:00");

    fx.clock.set(hanoi("2026-12-07", "08:00"));
    EscalationMonitor.Checked morning = monitor(true).checkDue();
    fx.clock.set(hanoi("2026-12-07", "13:00"));
    EscalationMonitor.Checked noon = monitor(true).checkDue();

    assertThat(morning.missed()).isEqualTo(1);
    assertThat(morning.escalated()).isZero();
    assertThat(noon.escalated()).isEqualTo(1);
    assertThat(communications()).hasSize(1);
    assertThat(fx.fhir.search(Flag.class, "subject=Patient/" + patient, 10)).hasSize(1);
    assertThat(fx.fhir.search(Task.class, "patient=Patient/" + patient, 10)).singleElement()
        .satisfies(t -> assertThat(t.getFocus().getReference()).isEqualTo("MedicationRequest/mr1"));
  }

  @Test
  void answeredDoseResetsTheCount() {
    consent(daughter);
    escalateAfter(Duration.ofMinutes(30), 2);
    plan("07:00", "12:00", "19:00");
    fx.clock.set(hanoi("2026-12-07", "08:00"));
    monitor(false).checkDue();
    MedicationAdministration taken = new MedicationAdministration();
    taken.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    taken.setMedication(new CodeableConcept().setText("Amlodipine 5 mg"));
    taken.setSubject(new Reference("Patient/" + patient));
    taken.setRequest(new Reference("MedicationRequest/mr1"));
    taken.setEffective(new DateTimeType(Date.from(hanoi("2026-12-07", "12:10"))));
    fx.create(taken);

    fx.clock.set(hanoi("2026-12-07", "13:00"));
    EscalationMonitor.Checked noon = monitor(false).checkDue();
    fx.clock.set(hanoi("2026-12-07", "20:00"));
    EscalationMonitor.Checked evening = monitor(false).checkDue();

    assertThat(noon.answered()).isEqualTo(1);
    assertThat(evening.missed()).isEqualTo(1);
    assertThat(communications()).isEmpty();
  }
}
