package vn.sen.synth.gen;

import java.util.List;
import java.util.SplittableRandom;
import vn.sen.synth.data.Systems;
import vn.sen.synth.gen.PatientGenerator.Dx;
import vn.sen.synth.json.JsonOut;

/** Referrals, allergies, immunisations, and care teams and plans for frail elders. */
final class Extras {
  private Extras() {}

  static void referral(Emitter e, String uuid, String patientRef, CareNetwork.Site site, int day, String text) {
    JsonOut out = e.begin("ServiceRequest", uuid);
    out.field("status", "completed").field("intent", "order");
    out.beginArray("category").beginObject();
    Fhir.codingArray(out, Systems.SNOMED, "3457005", "Patient referral");
    out.endObject().endArray();
    out.beginObject("code");
    Fhir.codingArray(out, Systems.SNOMED, "306206005", "Referral to service");
    out.field("text", text);
    out.endObject();
    Fhir.reference(out, "subject", patientRef);
    out.field("authoredOn", Times.date(day));
    Fhir.reference(out, "requester", "Practitioner/" + site.stationDoctor().id());
    Fhir.referenceList(out, "performer", "Organization/" + site.hospital().id());
    e.end();
  }

  static void write(
      SplittableRandom r, Emitter e, Person p, String patientRef, List<Dx> conditions, Careflow flow,
      int startDay, int endDay) {
  }
}
