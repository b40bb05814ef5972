package vn.sen.synth.gen;

import vn.sen.synth.data.Systems;
import vn.sen.synth.json.JsonOut;

/** Writes the Patient and RelatedPerson resources of one person. */
final class PatientWriter {
  private PatientWriter() {}

  static void write(Emitter e, Person p) {
    JsonOut out = e.begin("Patient", p.uuid());
    out.beginArray("extension");
    out.beginObject().field("url", Systems.ETHNICITY_EXT).beginObject("valueCodeableConcept");
    Fhir.codingArray(out, Systems.ETHNICITY_CS, p.ethnicityCode(), p.ethnicityDisplay());
    out.endObject().endObject();
    out.beginObject().field("url", Systems.OCCUPATION_EXT).beginObject("valueCodeableConcept");
    Fhir.codingArray(out, Systems.OCCUPATION_CS, p.occupationCode(), p.occupationDisplay());
    out.endObject().endObject();
    out.endArray();
    out.beginArray("identifier");
    identifier(out, Systems.CITIZEN_ID, "NI", "National unique individual identifier", p.citizenId());
    if (p.insuranceNumber() != null) {
      identifier(out, Systems.INSURANCE, "SB", "Social Beneficiary Identifier", p.insuranceNumber());
    }
    identifier(out, Systems.PATIENT_INTERNAL, "PI", "Patient internal identifier", p.internalId());
    out.endArray();
    out.field("active", true);
    CareNetwork.writeName(out, p.name().text());
    if (p.phone() != null) {
      out.beginArray("telecom").beginObject().field("system", "phone").field("value", p.phone())
          .field("use", "mobile").endObject().endArray();
    }
    out.field("gender", p.male() ? "male" : "female");
    out.field("birthDate", Times.date(p.birthDay()));
    writeAddress(out, p);
    out.beginObject("maritalStatus");
    String marital = p.age() < 22 ? "U" : p.age() >= 75 && p.livesAlone() ? "W" : "M";
    Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", marital,
        switch (marital) {
          case "U" -> "unmarried";
          case "W" -> "Widowed";
          default -> "Married";
        });
    out.endObject();
    // Text only: R4's languages value set does not list "vi", and the validator rejects it.
    out.beginArray("communication").beginObject().beginObject("language").field("text", "Tiếng Việt")
        .endObject().field("preferred", true).endObject().endArray();
    Fhir.referenceList(out, "generalPractitioner", "Organization/" + p.site().station().id());
    Fhir.reference(out, "managingOrganization", "Organization/" + p.site().station().id());
    e.end();

    Person.Relative c = p.caregiver();
    if (c != null) {
      out = e.begin("RelatedPerson", c.uuid());
      out.field("active", true);
      Fhir.reference(out, "patient", e.ref("Patient", p.uuid()));
      out.beginArray("relationship").beginObject();
      Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/v3-RoleCode", c.relationshipCode(),
          c.relationshipDisplay());
      out.field("text", switch (c.relationshipCode()) {
        case "MTH" -> "Mẹ";
        case "SONC" -> "Con trai";
        default -> "Con gái";
      });
      out.endObject().endArray();
      CareNetwork.writeName(out, c.name().text());
      out.beginArray("telecom").beginObject().field("system", "phone").field("value", c.phone())
          .field("use", "mobile").endObject().endArray();
      out.field("gender", c.male() ? "male" : "female");
      if (c.livesWithPatient()) {
        writeAddress(out, p);
      }
      e.end();
    }
  }

  private static void identifier(JsonOut out, String system, String type, String display, String value) {
    out.beginObject().beginObject("type");
    Fhir.codingArray(out, "http://terminology.hl7.org/CodeSystem/v2-0203", type, display);
    out.endObject().field("system", system).field("value", value).endObject();
  }

  private static void writeAddress(JsonOut out, Person p) {
    var site = p.site();
    String text = p.addressLine() + ", " + site.commune().fullName() + ", " + site.province().fullName();
    out.beginArray("address").beginObject().field("use", "home").field("type", "physical")
        .field("text", text).beginArray("line").value(p.addressLine()).endArray()
        .field("city", site.commune().fullName()).field("state", site.province().fullName())
        .field("country", "VN").endObject().endArray();
  }
}
