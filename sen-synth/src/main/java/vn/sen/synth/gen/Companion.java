package vn.sen.synth.gen;

import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import vn.sen.synth.data.Systems;
import vn.sen.synth.gen.PatientGenerator.Rx;
import vn.sen.synth.json.JsonOut;

/**
 * The medication companion's recent window for enrolled patients: each scheduled dose ends taken on
 * time, taken late, skipped (reported, MedicationAdministration not-done) or missed (no record);
 * check-in messages written the way people write (with or without diacritics, "k", "ko", "r", "dc",
 * some English); home BP monitor, glucometer or pulse-oximeter readings for some.
 */
final class Companion {
  private static final String[][] TAKEN = {
    {"Đã uống thuốc sáng rồi", "diacritics"}, {"da uong thuoc roi", "no-diacritics"},
    {"uống r nhé", "teencode"}, {"bà uống thuốc rồi con ạ", "diacritics"}, {"ok đã uống", "diacritics"},
    {"uong r", "teencode"}, {"took my meds", "english"}, {"Ông uống đủ thuốc hôm nay rồi", "diacritics"}
  };
  private static final String[][] MISSED = {
    {"sáng nay quên uống thuốc huyết áp", "diacritics"}, {"quen uong thuoc toi qua", "no-diacritics"},
    {"hqua k uống dc", "teencode"}, {"ko nhớ đã uống chưa", "teencode"}, {"forgot my evening pills", "english"},
    {"Mẹ đi ăn cỗ nên quên uống", "diacritics"}
  };
  private static final String[][] SIDE_EFFECT = {
    {"uống thuốc xong bị chóng mặt", "diacritics"}, {"bi ho khan may hom nay", "no-diacritics"},
    {"thuốc này uống bị đau dạ dày", "diacritics"}, {"sung chan, co phai do thuoc k", "teencode"},
    {"feeling dizzy after the new tablets", "english"}
  };
  private static final String[][] OUT_OF_STOCK = {
    {"Hết thuốc rồi, mai ra trạm lấy", "diacritics"}, {"het thuoc roi bs oi", "no-diacritics"},
    {"hết thuốc 3 hôm r chưa đi lấy dc", "teencode"}, {"ran out of pills", "english"}
  };

  private final SplittableRandom r;
  private final Emitter e;
  private final Person p;
  private final String patientRef;
  private final List<Rx> drugs;
  private final Behaviour behaviour;
  private final Careflow flow;
  private final int endDay;
  private final int windowDays;
  boolean enrolled;
  int scheduled;
  int taken;
  int late;
  int skipped;
  int missed;

  Companion(SplittableRandom r, Emitter e, Person p, String patientRef, List<Rx> drugs, Behaviour behaviour,
      Careflow flow, int endDay, int windowDays) {
    this.r = r;
    this.e = e;
    this.p = p;
    this.patientRef = patientRef;
    this.drugs = drugs;
    this.behaviour = behaviour;
    this.flow = flow;
    this.endDay = endDay;
    this.windowDays = windowDays;
  }

  void run(GroundTruth truth) {
    boolean reachable = p.phone() != null || p.caregiver() != null;
    enrolled = windowDays > 0 && !drugs.isEmpty() && reachable && p.age() >= 18
        && (windowDays >= 180 || r.nextDouble() < 0.5);
    if (!enrolled) {
      return;
    }
    int from = endDay - windowDays;
    String senderRef = p.phone() != null || p.caregiver() == null
        ? patientRef : e.ref("RelatedPerson", p.caregiver().uuid());
    String senderType = senderRef.equals(patientRef) ? "Patient" : "RelatedPerson";
    double pDose = 0.1 + 0.88 * behaviour.propensity();
    for (int day = from; day < endDay; day++) {
      boolean anyMissed = dosesOn(day, pDose, truth);
      if (r.nextDouble() < 0.25) {
        message(truth, day, senderRef, senderType, anyMissed);
      }
    }
    homeDevices(from);
  }

  /** Plays out every dose scheduled on a day; returns whether any was skipped or missed. */
  private boolean dosesOn(int day, double pDose, GroundTruth truth) {
    boolean anyMissed = false;
    for (Rx rx : drugs) {
      if (rx.fills.isEmpty() || rx.start > day || rx.currentRequest == null || !rx.activeOn(day)
          || rx.drug.periodDays() == 7 && (day - rx.start) % 7 != 0) {
        continue;
      }
      boolean onHand = rx.coverage(day, day + 1) > 0;
      for (String when : rx.drug.whenCodes()) {
        int minute = minuteOf(when);
        String at = Times.dateTime(day, minute);
        scheduled++;
        DoseOutcome outcome = DoseOutcome.draw(r.nextDouble(), pDose, onHand);
        String requestRef = e.ref("MedicationRequest", rx.currentRequest);
        switch (outcome) {
          case TAKEN -> {
            taken++;
            administration(rx, requestRef, Times.dateTime(day, minute + r.nextInt(40) - 10), null);
          }
          case LATE -> {
            late++;
            administration(rx, requestRef, Times.dateTime(day, minute + 120 + r.nextInt(240)), null);
          }
          case SKIPPED -> {
            skipped++;
            anyMissed = true;
            administration(rx, requestRef, at, onHand ? "Quên uống" : "Hết thuốc");
          }
          case MISSED -> {
            missed++;
            anyMissed = true;
          }
        }
        truth.dose(p.uuid(), rx.currentRequest, rx.drug.key(), at, outcome.wireName());
      }
    }
    return anyMissed;
  }

  /** How a scheduled dose ended (Sen's dose-level design; clinical.md, medication adherence). */
  enum DoseOutcome {
    TAKEN,
    LATE,
    SKIPPED,
    MISSED;

    /** Without supply a dose cannot be taken; otherwise on time with the per-dose probability. */
    static DoseOutcome draw(double u, double pDose, boolean onHand) {
      if (!onHand) {
        return u < 0.3 ? SKIPPED : MISSED;
      }
      if (u < pDose) {
        return TAKEN;
      }
      double rest = (u - pDose) / (1 - pDose);
      return rest < 0.35 ? LATE : rest < 0.55 ? SKIPPED : MISSED;
    }

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static int minuteOf(String when) {
    return switch (when) {
      case "ACM" -> 6 * 60 + 30;
      case "MORN", "PCM" -> 7 * 60 + 30;
      case "EVE" -> 17 * 60;
      case "PCV" -> 19 * 60 + 30;
      case "HS" -> 21 * 60 + 30;
      default -> 12 * 60;
    };
  }

  private void administration(Rx rx, String requestRef, String at, @Nullable String notDoneReason) {
    String uuid = Ids.uuid(r);
    JsonOut out = e.begin("MedicationAdministration", uuid);
    out.beginArray("identifier");
    Fhir.identifier(out, "urn:ietf:rfc:3986", "urn:uuid:" + uuid);
    out.endArray();
    out.field("status", notDoneReason == null ? "completed" : "not-done");
    if (notDoneReason != null) {
      out.beginArray("statusReason").beginObject().field("text", notDoneReason).endObject().endArray();
    }
    Fhir.reference(out, "medicationReference", "Medication/" + CareNetwork.medicationId(rx.drug),
        rx.drug.displayVi());
    Fhir.reference(out, "subject", patientRef);
    out.field("effectiveDateTime", at);
    Fhir.reference(out, "request", requestRef);
    out.beginObject("dosage").beginObject("dose").field("value", rx.drug.unitsPerDose())
        .field("unit", rx.drug.form()).field("system", Systems.UCUM)
        .field("code", rx.drug.form().equals("nhát") ? "{puff}" : "{tbl}").endObject().endObject();
    e.end();
  }

  private void message(GroundTruth truth, int day, String senderRef, String senderType, boolean anyMissed) {
    String[][] pool;
    String intent;
    double u = r.nextDouble();
    boolean outOfStock = drugs.stream().anyMatch(rx -> rx.activeOn(day) && rx.coverage(day, day + 1) == 0);
    if (outOfStock && u < 0.6) {
      pool = OUT_OF_STOCK;
      intent = "out-of-stock";
    } else if (behaviour.sideEffects() && u < 0.25) {
      pool = SIDE_EFFECT;
      intent = "side-effect";
    } else if (anyMissed) {
      pool = MISSED;
      intent = "missed";
    } else {
      pool = TAKEN;
      intent = "taken";
    }
    String[] pick = pool[r.nextInt(pool.length)];
    if (pick[1].equals("english") && r.nextDouble() < 0.75) {
      // English is a minority way of writing: redraw most of the time.
      pick = pool[r.nextInt(pool.length)];
    }
    String uuid = Ids.uuid(r);
    JsonOut out = e.begin("Communication", uuid);
    out.beginArray("identifier");
    Fhir.identifier(out, "urn:ietf:rfc:3986", "urn:uuid:" + uuid);
    out.endArray();
    out.field("status", "completed");
    out.beginArray("category").beginObject().field("text", "Tin nhắn phản hồi dùng thuốc").endObject().endArray();
    Fhir.reference(out, "subject", patientRef);
    out.field("sent", Times.dateTime(day, 8 * 60 + r.nextInt(13 * 60)));
    Fhir.referenceList(out, "recipient", "Organization/" + p.site().station().id());
    Fhir.reference(out, "sender", senderRef);
    out.beginArray("payload").beginObject().field("contentString", pick[0]).endObject().endArray();
    e.end();
    truth.message(p.uuid(), uuid, intent, pick[1] + (senderType.equals("Patient") ? "" : "/caregiver"));
  }

  private void homeDevices(int from) {
    boolean bp = flow.has("hypertension") && r.nextDouble() < 0.35;
    boolean glucose = flow.has("diabetes") && r.nextDouble() < 0.3;
    boolean oximeter = (flow.has("copd") || flow.has("heart_failure")) && r.nextDouble() < 0.3;
    if (bp) {
      String device = device("Máy đo huyết áp bắp tay", "Omron HEM-7121");
      for (int day = from; day < endDay; day += 2 + r.nextInt(3)) {
        flow.bloodPressure(null, day, 6 * 60 + r.nextInt(60), device);
      }
    }
    if (glucose) {
      String device = device("Máy đo đường huyết", "Accu-Chek Instant");
      for (int day = from; day < endDay; day += 3 + r.nextInt(4)) {
        double fasting = Math.max(3.5, (1.59 * flow.hba1cAt(day) - 2.59) * 0.9 + 0.8 * r.nextGaussian());
        ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, null, false, Loinc.GLUCOSE_METER, fasting,
            Times.dateTime(day, 6 * 60 + r.nextInt(45)), device);
      }
    }
    if (oximeter) {
      String device = device("Máy đo SpO2 kẹp ngón tay", "Yuwell YX301");
      for (int day = from; day < endDay; day += 1 + r.nextInt(3)) {
        double spo2 = Math.min(100, 94 + 2 * r.nextGaussian());
        ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, null, true, Loinc.SPO2, spo2,
            Times.dateTime(day, 8 * 60 + r.nextInt(600)), device);
      }
    }
  }

  private String device(String typeText, String model) {
    String uuid = Ids.uuid(r);
    JsonOut out = e.begin("Device", uuid);
    out.field("status", "active");
    out.field("manufacturer", model.substring(0, model.indexOf(' ')));
    out.beginArray("deviceName").beginObject().field("name", model).field("type", "model-name").endObject().endArray();
    out.field("modelNumber", model.substring(model.indexOf(' ') + 1));
    out.beginObject("type").field("text", typeText).endObject();
    Fhir.reference(out, "patient", patientRef);
    e.end();
    return e.ref("Device", uuid);
  }
}
