package vn.sen.app.companion.checkin;

import org.jspecify.annotations.Nullable;

/**
 * Something a patient can report: a symptom or a red flag, with Sen's code, a SNOMED CT concept where one
 * fits (https://browser.ihtsdotools.org), and names in Vietnamese and English.
 */
public interface Finding extends Term.Termed {
  /** Sen's code system for this kind of finding. */
  String system();

  default @Nullable String snomed() {
    return term().snomed();
  }

  default String displayEn() {
    return term().en();
  }

  default String displayVi() {
    return term().vi();
  }
}
