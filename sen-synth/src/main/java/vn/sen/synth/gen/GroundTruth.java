package vn.sen.synth.gen;

import java.util.List;
import java.util.Locale;
import vn.sen.synth.gen.PatientGenerator.Dx;
import vn.sen.synth.gen.PatientGenerator.Rx;
import vn.sen.synth.json.JsonOut;

/**
 * The latent truth behind one patient's data, as NDJSON lines: never loaded into Sen, used to
 * evaluate adherence models and message understanding. Keys are the resource UUIDs (ids in NDJSON
 * output, urn:uuid fullUrls in bundles) and the patient's internal identifier.
 */
public final class GroundTruth {
  private final StringBuilder patients = new StringBuilder(1024);
  private final StringBuilder doses = new StringBuilder();
  private final StringBuilder messages = new StringBuilder();
  private final StringBuilder followUp = new StringBuilder();

  void patient(Person p, List<Dx> conditions, List<Rx> drugs, Behaviour b, Careflow flow, Companion companion,
      int startDay, int endDay) {
    JsonOut out = new JsonOut(patients);
    out.beginObject();
    out.field("patient", p.uuid()).field("internalId", p.internalId()).field("age", p.age());
    out.decimal("adherencePropensity", b.propensity(), 4);
    out.beginObject("factors");
    out.field("dailyDoses", b.dailyDoses()).field("cognitiveImpairment", b.cognitiveImpairment())
        .field("depression", b.depression()).field("sideEffects", b.sideEffects())
        .field("costBarrier", b.costBarrier()).field("livesAlone", b.livesAlone())
        .field("age80plus", b.olderAge()).field("ageUnder50", b.youngerAdult())
        .field("admissions", flow.admissions.size());
    out.decimal("noise", b.noise(), 4);
    out.endObject();
    out.beginArray("conditions");
    for (Dx d : conditions) {
      out.value(d.condition().key());
    }
    out.endArray();
    out.beginArray("medicines");
    for (Rx rx : drugs) {
      out.beginObject().field("drug", rx.drug.key()).field("fills", rx.fills.size())
          .field("sideEffects", rx.sideEffects);
      int from = rx.fills.isEmpty() ? rx.start : rx.fills.getFirst()[0];
      if (endDay - from >= 91) {
        out.decimal("pdc", rx.coverage(from, endDay), 4);
      }
      out.endObject();
    }
    out.endArray();
    out.field("companion", companion.enrolled);
    if (companion.enrolled) {
      out.beginObject("doses").field("scheduled", companion.scheduled).field("taken", companion.taken)
          .field("late", companion.late).field("skipped", companion.skipped).field("missed", companion.missed)
          .endObject();
    }
    out.endObject();
    patients.append('\n');
  }

  void dose(String patient, String request, String drug, String scheduled, String outcome) {
    JsonOut out = new JsonOut(doses);
    out.beginObject().field("patient", patient).field("medicationRequest", request).field("drug", drug)
        .field("scheduled", scheduled).field("outcome", outcome).endObject();
    doses.append('\n');
  }

  void message(String patient, String communication, String intent, String style) {
    JsonOut out = new JsonOut(messages);
    out.beginObject().field("patient", patient).field("communication", communication)
        .field("intent", intent).field("style", style.toLowerCase(Locale.ROOT)).endObject();
    messages.append('\n');
  }

  /** One medicine class's doses in the follow-up days: counts {scheduled, taken, late, skipped, missed}. */
  void followUp(String patient, String medicineClass, List<String> drugs, int fromDay, int days, int[] c) {
    JsonOut out = new JsonOut(followUp);
    out.beginObject().field("patient", patient).field("class", medicineClass);
    out.beginArray("drugs");
    drugs.forEach(out::value);
    out.endArray();
    out.field("from", Times.date(fromDay)).field("days", days);
    out.field("scheduled", c[0]).field("taken", c[1]).field("late", c[2]).field("skipped", c[3])
        .field("missed", c[4]);
    double adherence = c[0] == 0 ? 1 : (double) (c[1] + c[2]) / c[0];
    out.decimal("adherence", adherence, 4).field("below80", adherence < 0.8);
    out.endObject();
    followUp.append('\n');
  }

  public String patientsText() {
    return patients.toString();
  }

  public String dosesText() {
    return doses.toString();
  }

  public String followUpText() {
    return followUp.toString();
  }

  public String messagesText() {
    return messages.toString();
  }
}
