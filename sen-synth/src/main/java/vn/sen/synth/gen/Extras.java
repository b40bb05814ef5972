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
    allergies(r, e, p, patientRef, startDay);
    if (p.age() >= 18) {
      household(r, e, p, patientRef, endDay);
    }
    immunisations(r, e, p, patientRef, startDay, endDay);
    boolean frail = p.age() >= 75 && conditions.size() >= 3 || flow.has("dementia")
        || flow.has("stroke") && p.age() >= 65;
    if (frail) {
      carePlan(r, e, p, patientRef, conditions, endDay);
    }
  }

  /** Household size as a social-history observation: 1 means living alone. */
  private static void household(SplittableRandom r, Emitter e, Person p, String patientRef, int endDay) {
    JsonOut out = e.begin("Observation", Ids.uuid(r));
    out.field("status", "final");
    out.beginArray("category").beginObject();
    Fhir.codingArray(out, Systems.OBS_CATEGORY, "social-history", "Social History");
    out.endObject().endArray();
    out.beginObject("code");
    Fhir.codingArray(out, Systems.LOINC, "63512-8", "How many people are living or staying at this address [#]");
    out.field("text", p.livesAlone() ? "Sống một mình" : "Sống cùng gia đình");
    out.endObject();
    Fhir.reference(out, "subject", patientRef);
    out.field("effectiveDateTime", Times.date(endDay - 30 - r.nextInt(300)));
    out.field("valueInteger", p.livesAlone() ? 1 : 2 + r.nextInt(5));
    e.end();
  }

  private static final String[][] ALLERGENS = {
    // SNOMED substance code, display, Vietnamese text, category, share of people
    {"764146007", "Penicillin", "Dị ứng penicillin", "medication", "0.03"},
    {"387458008", "Aspirin", "Dị ứng aspirin", "medication", "0.01"},
    {"387406002", "Sulfonamide", "Dị ứng sulfamid", "medication", "0.01"},
    {"44027008", "Seafood", "Dị ứng hải sản", "food", "0.03"},
  };

  private static void allergies(SplittableRandom r, Emitter e, Person p, String patientRef, int startDay) {
    for (String[] a : ALLERGENS) {
      if (r.nextDouble() >= Double.parseDouble(a[4])) {
        continue;
      }
      JsonOut out = e.begin("AllergyIntolerance", Ids.uuid(r));
      out.beginObject("clinicalStatus");
      Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active");
      out.endObject();
      out.beginObject("verificationStatus");
      Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed",
          "Confirmed");
      out.endObject();
      out.field("type", "allergy");
      out.beginArray("category").value(a[3]).endArray();
      out.field("criticality", r.nextDouble() < 0.2 ? "high" : "low");
      out.beginObject("code");
      Fhir.codingArray(out, Systems.SNOMED, a[0], a[1]);
      out.field("text", a[2]);
      out.endObject();
      Fhir.reference(out, "patient", patientRef);
      out.field("recordedDate", Times.date(Math.max(startDay, p.birthDay() + 400) + r.nextInt(300)));
      e.end();
    }
  }

  private static void immunisations(
      SplittableRandom r, Emitter e, Person p, String patientRef, int startDay, int endDay) {
    int covidStart = (int) java.time.LocalDate.of(2021, 7, 1).toEpochDay();
    int covidEnd = (int) java.time.LocalDate.of(2022, 6, 30).toEpochDay();
    if (p.age() >= 18 && r.nextDouble() < 0.9) {
      int day = Math.max(startDay, covidStart) + r.nextInt(60);
      for (int dose = 0; dose < 2 && day < Math.min(endDay, covidEnd); dose++) {
        immunisation(r, e, patientRef, "210", "SARS-COV-2 (COVID-19) vaccine, vector non-replicating, recombinant spike protein-ChAdOx1, preservative free, 0.5 mL",
            "Vắc xin COVID-19 AstraZeneca", day, p.site().station().id(), dose + 1);
        day += 56 + r.nextInt(30);
      }
    }
    if (p.age() >= 60) {
      for (int day = startDay + 30 + r.nextInt(60); day < endDay; day += 365) {
        if (r.nextDouble() < 0.2) {
          immunisation(r, e, patientRef, "141", "Influenza, seasonal, injectable", "Vắc xin cúm mùa", day,
              p.site().station().id(), 1);
        }
      }
    }
    if (p.birthDay() >= startDay) {
      immunisation(r, e, patientRef, "08", "Hep B, adolescent or pediatric", "Vắc xin viêm gan B sơ sinh",
          p.birthDay(), p.site().station().id(), 1);
      for (int dose = 1; dose <= 3; dose++) {
        int day = p.birthDay() + 60 + 30 * (dose - 1);
        if (day < endDay && r.nextDouble() < 0.95) {
          immunisation(r, e, patientRef, "102", "DTP- Haemophilus influenzae type b conjugate and hepatitis b vaccine",
              "Vắc xin 5 trong 1 (DPT-VGB-Hib)", day, p.site().station().id(), dose);
        }
      }
      int measles = p.birthDay() + 270;
      if (measles < endDay && r.nextDouble() < 0.95) {
        immunisation(r, e, patientRef, "05", "measles virus vaccine", "Vắc xin sởi", measles,
            p.site().station().id(), 1);
      }
    }
  }

  private static void immunisation(
      SplittableRandom r, Emitter e, String patientRef, String cvx, String display, String text, int day,
      String stationId, int doseNumber) {
    JsonOut out = e.begin("Immunization", Ids.uuid(r));
    out.field("status", "completed");
    out.beginObject("vaccineCode");
    Fhir.codingArray(out, Systems.CVX, cvx, display);
    out.field("text", text);
    out.endObject();
    Fhir.reference(out, "patient", patientRef);
    out.field("occurrenceDateTime", Times.dateTime(day, 8 * 60 + r.nextInt(240)));
    out.field("primarySource", true);
    Fhir.reference(out, "location", "Location/loc-" + stationId.substring(4));
    out.beginArray("protocolApplied").beginObject().field("doseNumberPositiveInt", doseNumber).endObject().endArray();
    e.end();
  }

  private static void carePlan(
      SplittableRandom r, Emitter e, Person p, String patientRef, List<Dx> conditions, int endDay) {
    var site = p.site();
    String team = Ids.uuid(r);
    int since = endDay - 30 - r.nextInt(600);
    JsonOut out = e.begin("CareTeam", team);
    out.field("status", "active");
    out.field("name", "Nhóm chăm sóc tại nhà");
    Fhir.reference(out, "subject", patientRef);
    Fhir.period(out, "period", Times.date(since), null);
    out.beginArray("participant");
    participant(out, "Practitioner/" + site.stationDoctor().id(), "Bác sĩ trạm y tế");
    participant(out, "Practitioner/" + site.stationNurse().id(), "Y sĩ / điều dưỡng trạm y tế");
    participant(out, "Practitioner/" + site.socialWorker().id(), "Nhân viên công tác xã hội");
    if (p.caregiver() != null) {
      participant(out, e.ref("RelatedPerson", p.caregiver().uuid()), "Người chăm sóc trong gia đình");
    }
    out.endArray();
    Fhir.referenceList(out, "managingOrganization", "Organization/" + site.station().id());
    e.end();
    out = e.begin("CarePlan", Ids.uuid(r));
    out.field("status", "active").field("intent", "plan");
    out.field("title", "Kế hoạch chăm sóc người cao tuổi tại nhà");
    Fhir.reference(out, "subject", patientRef);
    Fhir.period(out, "period", Times.date(since), null);
    Fhir.reference(out, "author", "Practitioner/" + site.stationDoctor().id());
    Fhir.referenceList(out, "careTeam", e.ref("CareTeam", team));
    out.beginArray("addresses");
    for (Dx d : conditions) {
      out.beginObject().field("reference", e.ref("Condition", d.uuid())).endObject();
    }
    out.endArray();
    out.beginArray("activity");
    for (String text : List.of("Thăm khám tại nhà hằng tháng", "Theo dõi huyết áp và dùng thuốc hằng ngày",
        "Hỗ trợ sinh hoạt và phòng ngã")) {
      out.beginObject().beginObject("detail").field("status", "in-progress").field("description", text)
          .endObject().endObject();
    }
    out.endArray();
    e.end();
  }

  private static void participant(JsonOut out, String ref, String role) {
    out.beginObject().beginArray("role").beginObject().field("text", role).endObject().endArray();
    Fhir.reference(out, "member", ref);
    out.endObject();
  }
}
