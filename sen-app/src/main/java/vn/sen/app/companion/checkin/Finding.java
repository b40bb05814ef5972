package vn.sen.app.companion.checkin;

import org.jspecify.annotations.Nullable;

/**
 * Something a patient can report: a symptom or a red flag, with Sen's code, a SNOMED CT concept where one
 * fits (https://browser.ihtsdotools.org), and names in Vietnamese and English.
 */
public interface Finding {
  /** Sen's code, e.g. {@code dizziness}. */
  String code();

  /** The SNOMED CT concept id, or null when Sen's code is the only one. */
  @Nullable String snomed();

  String displayEn();

  String displayVi();

  /** Sen's code system for this kind of finding. */
  String system();
}
