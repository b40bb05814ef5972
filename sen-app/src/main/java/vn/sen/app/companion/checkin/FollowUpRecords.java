package vn.sen.app.companion.checkin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.worklist.WorklistCodes;
import vn.sen.fhir.core.IdGenerator;

/**
 * The records that ask someone to act or that describe the patient's state: symptom Observations and
 * AdverseEvents, refill Tasks, questions and urgent alerts to the care team.
 */
final class FollowUpRecords {
  private final IdGenerator ids;

  FollowUpRecords(IdGenerator ids) {
    this.ids = ids;
  }

  List<Resource> plan(CheckinMessage message, Interpretation meaning, CareContext care, Communication checkin,
      Instant received) {
    List<Resource> out = new ArrayList<>();
    String checkinRef = CheckinRecords.ref(checkin);
    List<Observation> observations = new ArrayList<>();
    for (Finding f : findings(meaning)) {
      observations.add(observation(message, meaning, care, f, received));
    }
    out.addAll(observations);
    if (!observations.isEmpty() && !meaning.medications().isEmpty()) {
      out.add(adverseEvent(message, meaning, care, received));
    }
    if (!meaning.urgent() && !meaning.symptoms().isEmpty()) {
      out.add(sideEffectTask(meaning, care, checkinRef, received));
    }
    if (meaning.says(Intent.OUT_OF_STOCK)) {
      List<ActiveMedication> meds = meaning.medications();
      if (meds.isEmpty()) {
        out.add(refill(care, null, checkinRef, received));
      }
      for (ActiveMedication m : meds) {
        out.add(refill(care, m, checkinRef, received));
      }
    }
    if (meaning.says(Intent.QUESTION)) {
      out.add(toCareTeam(care, checkin, "checkin-question", "Câu hỏi của người bệnh", "Patient question",
          "Người bệnh hỏi, cần trả lời / The patient asks a question, please answer",
          Communication.CommunicationPriority.ROUTINE, received, null));
    }
    if (meaning.urgent()) {
      Flag flag = flag(meaning, care, received);
      out.add(flag);
      out.add(urgentTask(meaning, care, checkinRef, received));
      String what = meaning.redFlags().stream().map(f -> f.displayVi().toLowerCase(java.util.Locale.ROOT))
          .collect(Collectors.joining(", "));
      String whatEn = meaning.redFlags().stream().map(f -> f.displayEn().toLowerCase(java.util.Locale.ROOT))
          .collect(Collectors.joining(", "));
      out.add(toCareTeam(care, checkin, "checkin-alert", "Check-in khẩn", "Urgent check-in",
          "Check-in khẩn (" + what + "): gọi lại người bệnh ngay / Urgent check-in (" + whatEn
              + "): call the patient now",
          Communication.CommunicationPriority.STAT, received, CheckinRecords.ref(flag)));
    }
    return out;
  }

  private static List<Finding> findings(Interpretation meaning) {
    List<Finding> out = new ArrayList<>(meaning.redFlags());
    out.addAll(meaning.symptoms());
    return out;
  }

  private Observation observation(CheckinMessage message, Interpretation meaning, CareContext care, Finding f,
      Instant received) {
    Observation o = new Observation();
    o.setId(ids.newId());
    // Reported by the patient and not yet seen by a clinician.
    o.setStatus(Observation.ObservationStatus.PRELIMINARY);
    o.addCategory(new CodeableConcept(new Coding(CheckinCodes.OBSERVATION_CATEGORY, "survey", "Survey")));
    o.setCode(new CodeableConcept(new Coding(CheckinCodes.LOINC, "75325-1", "Symptom")).setText("Triệu chứng / Symptom"));
    o.setSubject(new Reference(care.patientReference()));
    o.setEffective(CheckinRecords.dateTime(message.sent(), message.zone()));
    o.setIssuedElement(new InstantType(Date.from(received)));
    o.addPerformer(new Reference(care.patientReference()));
    o.setValue(CheckinCodes.concept(f));
    for (ActiveMedication m : meaning.medications()) {
      o.addFocus(new Reference(m.requestReference()));
    }
    return o;
  }

  private AdverseEvent adverseEvent(CheckinMessage message, Interpretation meaning, CareContext care,
      Instant received) {
    AdverseEvent e = new AdverseEvent();
    e.setId(ids.newId());
    e.setActuality(AdverseEvent.AdverseEventActuality.ACTUAL);
    Finding first = findings(meaning).get(0);
    e.setEvent(CheckinCodes.concept(first));
    e.setSubject(new Reference(care.patientReference()));
    e.setDateElement(CheckinRecords.dateTime(message.sent(), message.zone()));
    e.setRecordedDateElement(new DateTimeType(Date.from(received)));
    e.setRecorder(new Reference(care.patientReference()));
    e.setSeriousness(new CodeableConcept(new Coding(CheckinCodes.SERIOUSNESS,
        meaning.urgent() ? "Serious" : "Non-serious", meaning.urgent() ? "Serious" : "Non-serious")));
    int contained = 0;
    for (ActiveMedication m : meaning.medications()) {
      AdverseEvent.AdverseEventSuspectEntityComponent s = e.addSuspectEntity();
      if (m.medicationReference() != null) {
        s.setInstance(new Reference(m.medicationReference()).setDisplay(m.display()));
      } else {
        // AdverseEvent cannot point at a MedicationRequest: the medicine goes in as a contained Medication.
        Medication med = new Medication();
        String local = "med" + (++contained);
        med.setId(local);
        med.setCode((CodeableConcept) CheckinRecords.medication(m));
        e.addContained(med);
        s.setInstance(new Reference("#" + local).setDisplay(m.display()));
      }
    }
    return e;
  }

  private Task refill(CareContext care, @Nullable ActiveMedication m, String checkinRef, Instant received) {
    Task t = new Task();
    t.setId(ids.newId());
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    t.setPriority(Task.TaskPriority.ROUTINE);
    t.setCode(CheckinCodes.sen(CheckinCodes.TASK, "refill", "Cấp thêm thuốc", "Refill"));
    // on the owner's worklist as an out-of-stock item
    t.getCode().addCoding(WorklistCodes.OUT_OF_STOCK.concept().getCodingFirstRep());
    t.setDescription("Người bệnh báo hết thuốc" + (m == null ? "" : ": " + m.display())
        + " / The patient reports running out of medicine" + (m == null ? "" : ": " + m.display()));
    t.setFocus(new Reference(m == null ? checkinRef : m.requestReference()));
    t.setFor(new Reference(care.patientReference()));
    t.setAuthoredOn(Date.from(received));
    String owner = m != null && m.dispenser() != null ? m.dispenser() : care.managingOrganization();
    if (owner != null) {
      t.setOwner(new Reference(owner));
    }
    t.setReasonReference(new Reference(checkinRef));
    return t;
  }

  /** A side effect the patient reported, for the care team to review (their worklist's second group). */
  private Task sideEffectTask(Interpretation meaning, CareContext care, String checkinRef, Instant received) {
    Task t = new Task();
    t.setId(ids.newId());
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    t.setPriority(Task.TaskPriority.ROUTINE);
    t.setCode(WorklistCodes.SIDE_EFFECT.concept());
    String what = meaning.symptoms().stream().map(f -> f.displayVi().toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.joining(", "));
    String whatEn = meaning.symptoms().stream().map(f -> f.displayEn().toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.joining(", "));
    t.setDescription("Người bệnh báo triệu chứng (" + what + "), cần xem xét / The patient reports symptoms ("
        + whatEn + "), to review");
    t.setFocus(new Reference(checkinRef));
    t.setFor(new Reference(care.patientReference()));
    t.setAuthoredOn(Date.from(received));
    if (care.managingOrganization() != null) {
      t.setOwner(new Reference(care.managingOrganization()));
    } else if (!care.recipients().isEmpty()) {
      t.setOwner(new Reference(care.recipients().get(0)));
    }
    t.setReasonReference(new Reference(checkinRef));
    return t;
  }

  private Flag flag(Interpretation meaning, CareContext care, Instant received) {
    Flag f = new Flag();
    f.setId(ids.newId());
    f.setStatus(Flag.FlagStatus.ACTIVE);
    CodeableConcept code = new CodeableConcept();
    for (RedFlag r : meaning.redFlags()) {
      code.addCoding(CheckinCodes.primaryCoding(r));
      code.addCoding(new Coding(RedFlag.SYSTEM, r.code(), r.displayEn()));
    }
    code.setText("Check-in khẩn: " + meaning.redFlags().stream().map(RedFlag::displayVi)
        .collect(Collectors.joining(", ")) + " / Urgent check-in: " + meaning.redFlags().stream()
        .map(RedFlag::displayEn).collect(Collectors.joining(", ")));
    f.setCode(code);
    f.setSubject(new Reference(care.patientReference()));
    f.getPeriod().setStart(Date.from(received));
    return f;
  }

  private Task urgentTask(Interpretation meaning, CareContext care, String checkinRef, Instant received) {
    Task t = new Task();
    t.setId(ids.newId());
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    t.setPriority(Task.TaskPriority.STAT);
    t.setCode(CheckinCodes.sen(CheckinCodes.TASK, "urgent-checkin", "Gọi lại người bệnh ngay",
        "Call the patient now"));
    // first on the care team's worklist
    t.getCode().addCoding(WorklistCodes.URGENT_CHECKIN.concept().getCodingFirstRep());
    t.setDescription("Check-in khẩn: gọi lại người bệnh ngay, đảm bảo đã gọi 115 / Urgent check-in: call the "
        + "patient now and make sure 115 was called");
    t.setFocus(new Reference(checkinRef));
    t.setFor(new Reference(care.patientReference()));
    t.setAuthoredOn(Date.from(received));
    List<String> recipients = care.recipients();
    if (!recipients.isEmpty()) {
      t.setOwner(new Reference(care.managingOrganization() != null ? care.managingOrganization() : recipients.get(0)));
    }
    if (!meaning.redFlags().isEmpty()) {
      t.setReasonCode(CheckinCodes.concept(meaning.redFlags().get(0)));
    }
    return t;
  }

  private Communication toCareTeam(CareContext care, Communication checkin, String category, String vi, String en,
      String summary, Communication.CommunicationPriority priority, Instant received, @Nullable String alsoAbout) {
    Communication c = new Communication();
    c.setId(ids.newId());
    c.setStatus(Communication.CommunicationStatus.COMPLETED);
    c.addCategory(CheckinCodes.sen(CheckinCodes.COMPANION, category, vi, en));
    c.setPriority(priority);
    c.setSubject(new Reference(care.patientReference()));
    for (String r : care.recipients()) {
      c.addRecipient(new Reference(r));
    }
    c.setSent(Date.from(received));
    c.addAbout(new Reference(CheckinRecords.ref(checkin)));
    if (alsoAbout != null) {
      c.addAbout(new Reference(alsoAbout));
    }
    c.addPayload().setContent(new StringType(summary));
    c.addPayload().setContent(new Reference(CheckinRecords.ref(checkin)));
    return c;
  }
}
