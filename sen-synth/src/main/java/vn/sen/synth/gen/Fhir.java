package vn.sen.synth.gen;

import org.jspecify.annotations.Nullable;
import vn.sen.synth.data.Systems;
import vn.sen.synth.json.JsonOut;

/** Writers for the FHIR datatypes the generator uses over and over. */
final class Fhir {
  private Fhir() {}

  static void concept(JsonOut out, String name, String system, String code, String display) {
    out.beginObject(name);
    codingArray(out, system, code, display);
    out.endObject();
  }

  static void conceptText(
      JsonOut out, String name, String system, String code, String display, String text) {
    out.beginObject(name);
    codingArray(out, system, code, display);
    out.field("text", text);
    out.endObject();
  }

  /** A one-element array of CodeableConcept. */
  static void conceptList(JsonOut out, String name, String system, String code, String display) {
    out.beginArray(name).beginObject();
    codingArray(out, system, code, display);
    out.endObject().endArray();
  }

  static void textConcept(JsonOut out, String name, String text) {
    out.beginObject(name).field("text", text).endObject();
  }

  static void codingArray(JsonOut out, String system, String code, @Nullable String display) {
    out.beginArray("coding").beginObject().field("system", system).field("code", code);
    if (display != null) {
      out.field("display", display);
    }
    out.endObject().endArray();
  }

  static void reference(JsonOut out, String name, String ref) {
    out.beginObject(name).field("reference", ref).endObject();
  }

  static void reference(JsonOut out, String name, String ref, String display) {
    out.beginObject(name).field("reference", ref).field("display", display).endObject();
  }

  static void referenceList(JsonOut out, String name, String ref) {
    out.beginArray(name).beginObject().field("reference", ref).endObject().endArray();
  }

  static void quantity(
      JsonOut out, String name, double value, int scale, String unit, String ucum) {
    out.beginObject(name);
    out.decimal("value", value, scale);
    out.field("unit", unit).field("system", Systems.UCUM).field("code", ucum);
    out.endObject();
  }

  static void identifier(JsonOut out, String system, String value) {
    out.beginObject().field("system", system).field("value", value).endObject();
  }

  static void period(JsonOut out, String name, String start, @Nullable String end) {
    out.beginObject(name).field("start", start);
    if (end != null) {
      out.field("end", end);
    }
    out.endObject();
  }
}
