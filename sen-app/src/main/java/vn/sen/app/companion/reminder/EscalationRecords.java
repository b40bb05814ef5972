package vn.sen.app.companion.reminder;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import vn.sen.app.companion.CompanionStore;

/**
 * What an escalation leaves in the record, written as the system: a Communication to the caregiver
 * (RelatedPerson) about the MedicationRequest, and, when configured, a Flag and a Task for the care team.
 * Each carries an identifier made from the dose, so that a retried escalation writes nothing twice.
 *
 * @see <a href="https://hl7.org/fhir/R4/communication.html">Communication</a>
 */
public final class EscalationRecords {
  /** Identifier system of the records an escalation writes (value: the dose's reminder id). */
  public static final String IDENTIFIER = "https://sen.health.vn/fhir/sid/reminder-escalation";
  /** Sen's companion codes: {@code missed-doses}. */
  public static final String CODES = "https://sen.health.vn/fhir/CodeSystem/companion";

  private final CompanionStore fhir;
  private final ReminderTexts texts;
  private final boolean careTeamAlerts;
  private final Clock clock;

  EscalationRecords(CompanionStore fhir, ReminderTexts texts, boolean careTeamAlerts, Clock clock) {
    this.fhir = fhir;
    this.texts = texts;
    this.careTeamAlerts = careTeamAlerts;
    this.clock = clock;
  }

  /** One escalation: the dose that tipped it and the caregiver told. */
  record Escalation(long doseId, String patientId, String relatedPersonId, String medicationRequestId,
      Instant due, String medication, String doseLabel, int missesInARow) {}

  void write(Escalation e) {
    Date now = Date.from(clock.instant());
    String value = Long.toString(e.doseId());
    String ifNone = "identifier=" + IDENTIFIER + "%7C" + value;
    CodeableConcept missed = new CodeableConcept(new Coding(CODES, "missed-doses", "Missed doses"))
        .setText("Bỏ lỡ liều thuốc / Missed doses");

    Communication communication = new Communication();
    communication.addIdentifier().setSystem(IDENTIFIER).setValue(value);
    communication.setStatus(Communication.CommunicationStatus.COMPLETED);
    communication.addCategory(missed);
    communication.setSubject(new Reference("Patient/" + e.patientId()));
    communication.addRecipient(new Reference("RelatedPerson/" + e.relatedPersonId()));
    communication.addAbout(new Reference("MedicationRequest/" + e.medicationRequestId()));
    communication.setSent(now);
    communication.addPayload().setContent(new StringType(
        texts.escalation("vi", e.medication(), e.doseLabel(), e.due())));
    fhir.createOnce(communication, ifNone);

    if (careTeamAlerts) {
      Flag flag = new Flag();
      flag.addIdentifier().setSystem(IDENTIFIER).setValue(value);
      flag.setStatus(Flag.FlagStatus.ACTIVE);
      flag.setCode(missed);
      flag.setSubject(new Reference("Patient/" + e.patientId()));
      flag.getPeriod().setStart(now);
      fhir.createOnce(flag, ifNone);

      Task task = new Task();
      task.addIdentifier().setSystem(IDENTIFIER).setValue(value);
      task.setStatus(Task.TaskStatus.REQUESTED);
      task.setIntent(Task.TaskIntent.ORDER);
      task.setCode(missed);
      task.setFor(new Reference("Patient/" + e.patientId()));
      task.setFocus(new Reference("MedicationRequest/" + e.medicationRequestId()));
      task.setAuthoredOn(now);
      task.setDescription(e.missesInARow() + " liều liên tiếp chưa được xác nhận; người chăm sóc đã được báo."
          + " / " + e.missesInARow() + " doses in a row unanswered; the caregiver was told.");
      fhir.createOnce(task, ifNone);
    }
  }
}
