package vn.sen.synth.gen;

import org.jspecify.annotations.Nullable;
import vn.sen.synth.data.ConditionCatalogue.Condition;
import vn.sen.synth.data.DrugCatalogue.Drug;
import vn.sen.synth.data.Systems;
import vn.sen.synth.json.JsonOut;

/** Writes conditions, encounters, observations, prescriptions and dispenses. */
final class ClinicalWriter {
  private ClinicalWriter() {}

  static void condition(
      Emitter e, String uuid, String patientRef, Condition c, int onsetDay, @Nullable Integer abatedDay,
      String recorderId) {
    JsonOut out = e.begin("Condition", uuid);
    out.beginObject("clinicalStatus");
    String status = abatedDay == null ? "active" : "resolved";
    Fhir.codingArray(out, Systems.CONDITION_CLINICAL, status, abatedDay == null ? "Active" : "Resolved");
    out.endObject();
    out.beginObject("verificationStatus");
    Fhir.codingArray(out, Systems.CONDITION_VERIFICATION, "confirmed", "Confirmed");
    out.endObject();
    out.beginArray("category").beginObject();
    Fhir.codingArray(out, Systems.CONDITION_CATEGORY, "problem-list-item", "Problem List Item");
    out.endObject().endArray();
    out.beginObject("code");
    out.beginArray("coding");
    out.beginObject().field("system", Systems.ICD10).field("code", c.icd10()).field("display", c.display()).endObject();
    out.beginObject().field("system", Systems.SNOMED).field("code", c.snomed()).endObject();
    out.endArray();
    out.field("text", c.display());
    out.endObject();
    Fhir.reference(out, "subject", patientRef);
    out.field("onsetDateTime", Times.date(onsetDay));
    if (abatedDay != null) {
      out.field("abatementDateTime", Times.date(abatedDay));
    }
    out.field("recordedDate", Times.date(onsetDay));
    Fhir.reference(out, "recorder", "Practitioner/" + recorderId);
    e.end();
  }

  /** Encounter classes used. */
  enum Setting {
    AMB("AMB", "ambulatory"),
    IMP("IMP", "inpatient encounter"),
    HH("HH", "home health");

    final String code;
    final String display;

    Setting(String code, String display) {
      this.code = code;
      this.display = display;
    }
  }

  static void encounter(
      Emitter e, String uuid, String patientRef, Setting setting, String typeText, int day, int minute,
      int endDay, int endMinute, String practitionerId, CareNetwork.Org org, @Nullable String reasonRef,
      @Nullable String referralRef) {
    JsonOut out = e.begin("Encounter", uuid);
    out.field("status", "finished");
    out.beginObject("class").field("system", Systems.V3_ACT_CODE).field("code", setting.code)
        .field("display", setting.display).endObject();
    out.beginArray("type").beginObject().field("text", typeText).endObject().endArray();
    Fhir.reference(out, "subject", patientRef);
    if (referralRef != null) {
      Fhir.referenceList(out, "basedOn", referralRef);
    }
    out.beginArray("participant").beginObject();
    Fhir.reference(out, "individual", "Practitioner/" + practitionerId);
    out.endObject().endArray();
    Fhir.period(out, "period", Times.dateTime(day, minute), Times.dateTime(endDay, endMinute));
    if (reasonRef != null) {
      Fhir.referenceList(out, "reasonReference", reasonRef);
    }
    if (setting == Setting.IMP) {
      out.beginObject("hospitalization").beginObject("dischargeDisposition");
      Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/discharge-disposition", "home", "Home");
      out.endObject().endObject();
    }
    out.beginArray("location").beginObject();
    Fhir.reference(out, "location", "Location/" + CareNetwork.locationId(org));
    out.endObject().endArray();
    Fhir.reference(out, "serviceProvider", "Organization/" + org.id());
    e.end();
  }

  /** An observation with a single quantity value. */
  static void quantityObservation(
      Emitter e, String uuid, String patientRef, @Nullable String encounterRef, boolean vital,
      Loinc code, double value, String effective, @Nullable String deviceRef) {
    JsonOut out = e.begin("Observation", uuid);
    out.field("status", "final");
    category(out, vital);
    code(out, code);
    Fhir.reference(out, "subject", patientRef);
    if (encounterRef != null) {
      Fhir.reference(out, "encounter", encounterRef);
    }
    out.field("effectiveDateTime", effective);
    Fhir.quantity(out, "valueQuantity", value, code.scale, code.unit, code.ucum);
    if (deviceRef != null) {
      Fhir.reference(out, "device", deviceRef);
    }
    e.end();
  }

  static void bloodPressure(
      Emitter e, String uuid, String patientRef, @Nullable String encounterRef, double systolic,
      double diastolic, String effective, @Nullable String deviceRef) {
    JsonOut out = e.begin("Observation", uuid);
    out.field("status", "final");
    category(out, true);
    code(out, Loinc.BP_PANEL);
    Fhir.reference(out, "subject", patientRef);
    if (encounterRef != null) {
      Fhir.reference(out, "encounter", encounterRef);
    }
    out.field("effectiveDateTime", effective);
    if (deviceRef != null) {
      Fhir.reference(out, "device", deviceRef);
    }
    out.beginArray("component");
    out.beginObject();
    code(out, Loinc.SYSTOLIC);
    Fhir.quantity(out, "valueQuantity", systolic, 0, "mmHg", "mm[Hg]");
    out.endObject();
    out.beginObject();
    code(out, Loinc.DIASTOLIC);
    Fhir.quantity(out, "valueQuantity", diastolic, 0, "mmHg", "mm[Hg]");
    out.endObject();
    out.endArray();
    e.end();
  }

  private static void category(JsonOut out, boolean vital) {
    out.beginArray("category").beginObject();
    Fhir.codingArray(out, Systems.OBS_CATEGORY, vital ? "vital-signs" : "laboratory",
        vital ? "Vital Signs" : "Laboratory");
    out.endObject().endArray();
  }

  private static void code(JsonOut out, Loinc code) {
    out.beginObject("code");
    out.beginArray("coding");
    out.beginObject().field("system", Systems.LOINC).field("code", code.code).field("display", code.display).endObject();
    if (code.alsoCode != null) {
      out.beginObject().field("system", Systems.LOINC).field("code", code.alsoCode).endObject();
    }
    out.endArray();
    out.field("text", code.textVi);
    out.endObject();
  }

  static void medicationRequest(
      Emitter e, String uuid, String patientRef, Drug d, int authoredDay, int validDays, int supplyDays,
      String prescriberId, @Nullable String reasonRef, @Nullable String encounterRef, boolean active) {
    JsonOut out = e.begin("MedicationRequest", uuid);
    out.field("status", active ? "active" : "completed");
    out.field("intent", "order");
    Fhir.reference(out, "medicationReference", "Medication/" + CareNetwork.medicationId(d), d.displayVi());
    Fhir.reference(out, "subject", patientRef);
    if (encounterRef != null) {
      Fhir.reference(out, "encounter", encounterRef);
    }
    out.field("authoredOn", Times.date(authoredDay));
    Fhir.reference(out, "requester", "Practitioner/" + prescriberId);
    if (reasonRef != null) {
      Fhir.referenceList(out, "reasonReference", reasonRef);
    }
    out.beginArray("dosageInstruction").beginObject();
    out.field("sequence", 1);
    out.field("text", d.instructionVi());
    out.beginObject("timing").beginObject("repeat");
    out.field("frequency", d.dosesPerPeriod());
    out.field("period", 1);
    out.field("periodUnit", d.periodDays() == 7 ? "wk" : "d");
    out.beginArray("when");
    for (String w : d.whenCodes()) {
      out.value(w);
    }
    out.endArray();
    out.endObject().endObject();
    out.beginObject("route");
    boolean inhaled = d.form().equals("nhát");
    Fhir.codingArray(out, Systems.SNOMED, inhaled ? "447694001" : "26643006",
        inhaled ? "Respiratory tract route" : "Oral route");
    out.field("text", inhaled ? "Đường hít" : "Đường uống");
    out.endObject();
    out.beginArray("doseAndRate").beginObject();
    out.beginObject("doseQuantity").field("value", d.unitsPerDose()).field("unit", d.form())
        .field("system", Systems.UCUM).field("code", inhaled ? "{puff}" : "{tbl}").endObject();
    out.endObject().endArray();
    out.endObject().endArray();
    out.beginObject("dispenseRequest");
    Fhir.period(out, "validityPeriod", Times.date(authoredDay), Times.date(authoredDay + validDays));
    out.field("numberOfRepeatsAllowed", Math.max(0, validDays / supplyDays - 1));
    out.beginObject("quantity").field("value", unitsFor(d, supplyDays)).field("unit", d.form())
        .field("system", Systems.UCUM).field("code", inhaled ? "{puff}" : "{tbl}").endObject();
    out.beginObject("expectedSupplyDuration").field("value", supplyDays).field("unit", "ngày")
        .field("system", Systems.UCUM).field("code", "d").endObject();
    out.endObject();
    e.end();
  }

  static int unitsFor(Drug d, int days) {
    int doses = d.periodDays() == 7 ? Math.max(1, days / 7) : days * d.dosesPerPeriod();
    return doses * d.unitsPerDose();
  }

  static void dispense(
      Emitter e, String uuid, String patientRef, Drug d, String requestRef, @Nullable String encounterRef,
      int day, int minute, int supplyDays, String performerId, CareNetwork.Org org) {
    JsonOut out = e.begin("MedicationDispense", uuid);
    out.field("status", "completed");
    Fhir.reference(out, "medicationReference", "Medication/" + CareNetwork.medicationId(d), d.displayVi());
    Fhir.reference(out, "subject", patientRef);
    if (encounterRef != null) {
      Fhir.reference(out, "context", encounterRef);
    }
    out.beginArray("performer").beginObject();
    Fhir.reference(out, "actor", "Practitioner/" + performerId);
    out.endObject().endArray();
    Fhir.reference(out, "location", "Location/" + CareNetwork.locationId(org));
    Fhir.referenceList(out, "authorizingPrescription", requestRef);
    boolean inhaled = d.form().equals("nhát");
    out.beginObject("quantity").field("value", unitsFor(d, supplyDays)).field("unit", d.form())
        .field("system", Systems.UCUM).field("code", inhaled ? "{puff}" : "{tbl}").endObject();
    out.beginObject("daysSupply").field("value", supplyDays).field("unit", "ngày")
        .field("system", Systems.UCUM).field("code", "d").endObject();
    out.field("whenHandedOver", Times.dateTime(day, minute));
    e.end();
  }
}
