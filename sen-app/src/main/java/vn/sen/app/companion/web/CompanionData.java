package vn.sen.app.companion.web;

import java.time.LocalDate;
import java.util.List;

/**
 * Port: what the companion pages show and record. The default adapter ({@link StoreCompanionData}) reads
 * the FHIR store directly; the companion's schedule and check-in modules plug in here as another bean of
 * this type.
 */
public interface CompanionData {

  /** How the pages name a person. */
  String displayName(String reference);

  /** The patient's expected doses on {@code day} (Asia/Ho_Chi_Minh), by time, with their answers. */
  List<Dose> doses(String patientId, LocalDate day);

  /** Days {@code from} … {@code to} (inclusive), newest first, each with its doses and what happened. */
  List<DoseDay> history(String patientId, LocalDate from, LocalDate to);

  /**
   * Records an answer about one dose (an id from {@link #doses}); a later answer about the same dose
   * replaces the earlier one.
   *
   * @throws CompanionPageException NOT_FOUND when the dose is not one of the patient's recent doses
   */
  void answer(Viewer viewer, String doseId, DoseAnswer answer);

  /** Posts a message the patient or caregiver wrote, in their own words, to the care team. */
  void message(Viewer viewer, String text);
}
