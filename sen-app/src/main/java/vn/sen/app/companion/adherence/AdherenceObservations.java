package vn.sen.app.companion.adherence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.ScheduleFlags;

/**
 * The measures as FHIR Observations (https://hl7.org/fhir/R4/observation.html). No LOINC code names
 * these measures, so they are coded in Sen's companion code system: {@code dose-adherence} and {@code
 * pdc}, value in percent, effectivePeriod the window measured, one per medicine (or class) and one
 * overall, each with a stable identifier so that a recomputation replaces it.
 */
final class AdherenceObservations {
  static final String IDENTIFIER_SYSTEM = "https://sen.health.vn/fhir/sid/companion-adherence";
  static final String CODES = ScheduleFlags.CODE_SYSTEM;
  private static final String UCUM = "http://unitsofmeasure.org";
  private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

  private AdherenceObservations() {}

  static Observation doseAdherence(String patientId, int windowDays, DoseAdherence.Tally t, Instant from,
      Instant to, Instant issued) {
    Observation o = base(patientId, "dose-adherence", "Tuân thủ theo liều / Dose-level adherence", issued);
    o.addIdentifier().setSystem(IDENTIFIER_SYSTEM)
        .setValue("Patient/" + patientId + "/dose/" + windowDays + "d/" + key(t.medication()));
    o.getEffectivePeriod().setStartElement(new DateTimeType(Date.from(from))).setEndElement(
        new DateTimeType(Date.from(to)));
    o.setValue(percent(t.adherence()));
    medication(o, t.medication(), t.display());
    count(o, "doses-scheduled", "Liều theo lịch / Doses scheduled", t.scheduled());
    count(o, "doses-on-time", "Uống đúng giờ / Taken on time", t.onTime());
    count(o, "doses-late", "Uống muộn / Taken late", t.late());
    count(o, "doses-skipped", "Bỏ liều / Skipped", t.skipped());
    count(o, "doses-missed", "Không ghi nhận / Missed", t.missed());
    return o;
  }

  static Observation pdc(String patientId, String classKey, String classDisplay, @Nullable String atc,
      LocalDate index, LocalDate end, int covered, int days, double threshold, Instant issued) {
    Observation o = base(patientId, "pdc", "Tỷ lệ số ngày có thuốc (PDC) / Proportion of days covered", issued);
    o.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue("Patient/" + patientId + "/pdc/" + key(classKey));
    o.getEffectivePeriod().setStartElement(new DateTimeType(index.toString()))
        .setEndElement(new DateTimeType(end.toString()));
    double value = (double) covered / days;
    o.setValue(percent(value));
    boolean adherent = value >= threshold;
    o.addInterpretation().addCoding().setSystem(CODES).setCode(adherent ? "adherent" : "non-adherent")
        .setDisplay(adherent ? "Adherent" : "Non-adherent");
    Observation.ObservationComponentComponent c = o.addComponent();
    c.getCode().addCoding().setSystem(CODES).setCode("medication-class").setDisplay("Medication class");
    CodeableConcept cls = new CodeableConcept().setText(classDisplay);
    if (atc != null) {
      cls.addCoding().setSystem("http://www.whocc.no/atc").setCode(atc);
    } else if (!classKey.equals("all")) {
      cls.addCoding().setSystem(CODES).setCode(classKey);
    }
    c.setValue(cls);
    count(o, "days-covered", "Số ngày có thuốc / Days covered", covered);
    count(o, "days-in-period", "Số ngày theo dõi / Days in period", days);
    Observation.ObservationComponentComponent limit = o.addComponent();
    limit.getCode().addCoding().setSystem(CODES).setCode("pdc-threshold").setDisplay("Adherence threshold");
    limit.setValue(percent(threshold));
    return o;
  }

  private static Observation base(String patientId, String code, String text, Instant issued) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory().addCoding().setSystem(CATEGORY).setCode("therapy").setDisplay("Therapy");
    o.getCode().addCoding().setSystem(CODES).setCode(code).setDisplay(text.substring(text.indexOf('/') + 2));
    o.getCode().setText(text);
    o.setSubject(new Reference("Patient/" + patientId));
    o.setIssuedElement(new InstantType(Date.from(issued)));
    return o;
  }

  private static void medication(Observation o, String medication, String display) {
    if (medication.equals("all")) {
      return;
    }
    if (medication.matches("[A-Za-z]+/[A-Za-z0-9\\-.]+")) {
      o.addFocus(new Reference(medication).setDisplay(display));
    }
    Observation.ObservationComponentComponent c = o.addComponent();
    c.getCode().addCoding().setSystem(CODES).setCode("medication").setDisplay("Medication");
    c.setValue(new CodeableConcept().setText(display));
  }

  private static void count(Observation o, String code, String text, int value) {
    Observation.ObservationComponentComponent c = o.addComponent();
    c.getCode().addCoding().setSystem(CODES).setCode(code).setDisplay(text.substring(text.indexOf('/') + 2));
    c.getCode().setText(text);
    c.setValue(new IntegerType(value));
  }

  private static Quantity percent(double share) {
    return new Quantity().setValue(BigDecimal.valueOf(share * 100).setScale(1, RoundingMode.HALF_UP))
        .setUnit("%").setSystem(UCUM).setCode("%");
  }

  /** An identifier-safe key: letters, digits, '-' and '.'. */
  static String key(String raw) {
    return raw.replaceAll("[^A-Za-z0-9.\\-]", "-");
  }

  static String value(Observation o) {
    return o.getIdentifierFirstRep().getValue();
  }
}
