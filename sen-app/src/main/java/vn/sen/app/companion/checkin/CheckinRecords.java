package vn.sen.app.companion.checkin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.Interpretation.MissedReason;
import vn.sen.fhir.core.IdGenerator;

/**
 * Plans the FHIR resources that record a check-in (issue 5, "Records"): the message itself as a
 * Communication from the patient; taken or late → MedicationAdministration (MedicationStatement when the
 * patient has no prescription for it); missed → MedicationAdministration not-done with its reason; side
 * effects → Observations (and an AdverseEvent when a medicine is named); out of stock → a Task to the
 * pharmacy or station; a question → a Communication to the care team; urgent → Flag, Task (stat) and
 * Communication. Ids are assigned here so the resources can refer to each other before they are written.
 * Thread-safe.
 */
public final class CheckinRecords {
  private final IdGenerator ids;
  private final FollowUpRecords followUps;

  public CheckinRecords(IdGenerator ids) {
    this.ids = ids;
    this.followUps = new FollowUpRecords(ids);
  }

  /** The resources to write, in order; each has its id. */
  public record Plan(List<Resource> resources) {
    public Plan {
      resources = List.copyOf(resources);
    }

    /** {@code Type/id} of each planned resource. */
    public List<String> references() {
      return resources.stream().map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).toList();
    }
  }

  /**
   * @param message the check-in as received, with the patient's active prescriptions
   * @param meaning what it says
   * @param care who looks after the patient
   * @param channel the channel code the client gave, or null
   * @param received when Sen received it
   */
  public Plan plan(CheckinMessage message, Interpretation meaning, CareContext care, @Nullable String channel,
      Instant received) {
    List<Resource> out = new ArrayList<>();
    Communication checkin = checkin(message, meaning, care, channel, received);
    out.add(checkin);
    String checkinRef = ref(checkin);
    List<ActiveMedication> doses = doseTargets(message, meaning);
    if (meaning.says(Intent.TAKEN) || meaning.says(Intent.LATE)) {
      boolean late = meaning.says(Intent.LATE);
      Instant when = late ? message.sent() : takenAt(meaning, message);
      if (doses.isEmpty()) {
        out.add(statement(care, meaning, MedicationStatement.MedicationStatementStatus.COMPLETED, when, message.zone(),
            checkinRef, received, null));
      }
      for (ActiveMedication m : doses) {
        out.add(administration(care, m, MedicationAdministration.MedicationAdministrationStatus.COMPLETED,
            dateTime(when, message.zone()), checkinRef, late ? "late" : "on-time", null));
      }
    }
    if (meaning.says(Intent.MISSED)) {
      MissedReason reason = meaning.missedReason() == null ? MissedReason.OTHER : meaning.missedReason();
      DateTimeType when = scheduled(meaning, message);
      if (doses.isEmpty()) {
        out.add(statement(care, meaning, MedicationStatement.MedicationStatementStatus.NOTTAKEN, message.sent(),
            message.zone(), checkinRef, received, reason));
      }
      for (ActiveMedication m : doses) {
        out.add(administration(care, m, MedicationAdministration.MedicationAdministrationStatus.NOTDONE, when,
            checkinRef, null, reason));
      }
    }
    out.addAll(followUps.plan(message, meaning, care, checkin, received));
    return new Plan(out);
  }

  private Communication checkin(CheckinMessage message, Interpretation meaning, CareContext care,
      @Nullable String channel, Instant received) {
    Communication c = new Communication();
    c.setId(ids.newId());
    c.setStatus(Communication.CommunicationStatus.COMPLETED);
    c.addCategory(CheckinCodes.sen(CheckinCodes.COMPANION, "checkin", "Tin nhắn phản hồi dùng thuốc",
        "Medication check-in"));
    c.setPriority(meaning.urgent() ? Communication.CommunicationPriority.STAT
        : Communication.CommunicationPriority.ROUTINE);
    c.setSubject(new Reference(care.patientReference()));
    c.setSender(new Reference(care.patientReference()));
    for (String r : care.recipients()) {
      c.addRecipient(new Reference(r));
    }
    c.setSentElement(dateTime(message.sent(), message.zone()));
    c.setReceived(Date.from(received));
    if (channel != null) {
      c.addMedium(new CodeableConcept(new Coding(CheckinCodes.CHANNEL, channel, null)));
    }
    c.addReasonCode(CheckinCodes.intent(meaning.intent()));
    for (Intent i : meaning.secondary()) {
      c.addReasonCode(CheckinCodes.intent(i));
    }
    for (ActiveMedication m : meaning.medications()) {
      c.addAbout(new Reference(m.requestReference()));
    }
    c.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(message.text()));
    if (meaning.caregiver()) {
      c.addNote().setText("Người nhà viết thay người bệnh / Written by a caregiver");
    }
    return c;
  }

  /**
   * The prescriptions a dose record is for: those named; else those taken at the period named (or whose
   * times are unknown); else all active ones.
   */
  static List<ActiveMedication> doseTargets(CheckinMessage message, Interpretation meaning) {
    if (!meaning.medications().isEmpty()) {
      return meaning.medications();
    }
    DoseTime dose = meaning.doseTime();
    if (dose != null && dose.period() != null) {
      List<ActiveMedication> atPeriod = message.medications().stream()
          .filter(m -> m.periods().isEmpty() || m.periods().contains(dose.period())).toList();
      if (!atPeriod.isEmpty()) {
        return atPeriod;
      }
    }
    return meaning.unlistedMedicines().isEmpty() ? message.medications() : List.of();
  }

  private MedicationAdministration administration(CareContext care, ActiveMedication m,
      MedicationAdministration.MedicationAdministrationStatus status, DateTimeType when, String checkinRef,
      @Nullable String outcome, @Nullable MissedReason reason) {
    MedicationAdministration a = new MedicationAdministration();
    a.setId(ids.newId());
    a.setStatus(status);
    a.setMedication(medication(m));
    a.setSubject(new Reference(care.patientReference()));
    a.setEffective(when);
    a.setRequest(new Reference(m.requestReference()));
    a.addSupportingInformation(new Reference(checkinRef));
    a.addPerformer().setActor(new Reference(care.patientReference()));
    if (outcome != null) {
      a.setCategory(CheckinCodes.sen(CheckinCodes.DOSE_OUTCOME, outcome,
          outcome.equals("late") ? "Uống muộn" : "Uống đúng giờ", outcome.equals("late") ? "Taken late" : "On time"));
    }
    if (reason != null) {
      a.addStatusReason(CheckinCodes.sen(MissedReason.SYSTEM, reason.code(), reason.vi(), reason.en()));
    }
    return a;
  }

  private MedicationStatement statement(CareContext care, Interpretation meaning,
      MedicationStatement.MedicationStatementStatus status, Instant when, ZoneId zone, String checkinRef,
      Instant received, @Nullable MissedReason reason) {
    MedicationStatement s = new MedicationStatement();
    s.setId(ids.newId());
    s.setStatus(status);
    String named = meaning.unlistedMedicines().isEmpty() ? null : String.join(", ", meaning.unlistedMedicines());
    s.setMedication(new CodeableConcept().setText(named != null ? named
        : "Thuốc (người bệnh không nêu tên) / Medicine (not named by the patient)"));
    s.setSubject(new Reference(care.patientReference()));
    s.setEffective(dateTime(when, zone));
    s.setDateAsserted(Date.from(received));
    s.setInformationSource(new Reference(care.patientReference()));
    s.addDerivedFrom(new Reference(checkinRef));
    if (reason != null) {
      s.addStatusReason(CheckinCodes.sen(MissedReason.SYSTEM, reason.code(), reason.vi(), reason.en()));
    }
    return s;
  }

  static Type medication(ActiveMedication m) {
    if (m.medicationReference() != null) {
      return new Reference(m.medicationReference()).setDisplay(m.display());
    }
    CodeableConcept c = new CodeableConcept().setText(m.display());
    for (ActiveMedication.Code code : m.codings()) {
      c.addCoding(new Coding(code.system(), code.code(), code.display()));
    }
    return c;
  }

  /** When a taken dose was taken: yesterday's at its usual time, today's when the message was sent. */
  private static Instant takenAt(Interpretation meaning, CheckinMessage message) {
    DoseTime d = meaning.doseTime();
    if (d == null || d.day() == DoseTime.Day.TODAY) {
      return message.sent();
    }
    return (d.period() == null ? LocalDateTime.of(d.date(), DoseTime.Period.EVENING.usual())
        : LocalDateTime.of(d.date(), d.period().usual())).atZone(message.zone()).toInstant();
  }

  /** When a missed dose was due: its period's usual time, or the day only. */
  private static DateTimeType scheduled(Interpretation meaning, CheckinMessage message) {
    DoseTime d = meaning.doseTime();
    if (d == null) {
      return dateTime(message.sent(), message.zone());
    }
    if (d.period() == null) {
      return new DateTimeType(d.date().toString());
    }
    return dateTime(LocalDateTime.of(d.date(), d.period().usual()).atZone(message.zone()).toInstant(), message.zone());
  }

  static DateTimeType dateTime(Instant when, ZoneId zone) {
    DateTimeType t = new DateTimeType(Date.from(when), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(zone));
    return t;
  }

  static String ref(Resource r) {
    return r.fhirType() + "/" + r.getIdElement().getIdPart();
  }
}
