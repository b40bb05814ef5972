package vn.sen.app.companion.checkin;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Code systems the check-in records use, and codings for findings (documented in docs/companion.md). */
final class CheckinCodes {
  /** Sen's companion codes: {@code checkin}, {@code checkin-question}, {@code checkin-alert}. */
  static final String COMPANION = "https://sen.health.vn/fhir/CodeSystem/companion";
  /** Tasks the companion creates: {@code refill}, {@code urgent-checkin}. */
  static final String TASK = "https://sen.health.vn/fhir/CodeSystem/companion-task";
  /** How a taken dose was taken: {@code on-time}, {@code late}. */
  static final String DOSE_OUTCOME = "https://sen.health.vn/fhir/CodeSystem/dose-outcome";
  /** The channel a check-in came through, as the client names it (e.g. {@code web}, {@code sms}, {@code zalo}). */
  static final String CHANNEL = "https://sen.health.vn/fhir/CodeSystem/companion-channel";
  static final String SNOMED = "http://snomed.info/sct";
  static final String LOINC = "http://loinc.org";
  static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  static final String SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

  private CheckinCodes() {}

  /** SNOMED CT first when there is a concept, then Sen's code; text in Vietnamese then English. */
  static CodeableConcept concept(Finding f) {
    CodeableConcept c = new CodeableConcept();
    if (f.snomed() != null) {
      c.addCoding(new Coding(SNOMED, f.snomed(), null));
    }
    c.addCoding(new Coding(f.system(), f.code(), f.displayEn()));
    c.setText(f.displayVi() + " / " + f.displayEn());
    return c;
  }

  /** The coding a client sees for a finding: SNOMED CT when there is one. */
  static Coding primaryCoding(Finding f) {
    return f.snomed() != null ? new Coding(SNOMED, f.snomed(), f.displayEn())
        : new Coding(f.system(), f.code(), f.displayEn());
  }

  static CodeableConcept intent(Intent i) {
    return new CodeableConcept(new Coding(Intent.SYSTEM, i.code(), i.displayEn()))
        .setText(i.displayVi() + " / " + i.displayEn());
  }

  static CodeableConcept sen(String system, String code, String vi, String en) {
    return new CodeableConcept(new Coding(system, code, en)).setText(vi + " / " + en);
  }
}
