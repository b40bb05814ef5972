package vn.sen.app.companion.web;

import java.io.Serializable;

/** Who is looking at the companion pages, and for which patient. Kept in the HTTP session. */
public sealed interface Viewer extends Serializable permits Viewer.AsPatient, Viewer.AsCaregiver {

  /** The id of the Patient whose doses are shown. */
  String patientId();

  /** The reference written as performer or sender of what this viewer records. */
  String actorReference();

  /** The patient themself. */
  record AsPatient(String patientId) implements Viewer {
    @Override
    public String actorReference() {
      return "Patient/" + patientId;
    }
  }

  /** A family caregiver (a RelatedPerson) acting for a patient who authorised them. */
  record AsCaregiver(String relatedPersonId, String patientId) implements Viewer {
    @Override
    public String actorReference() {
      return "RelatedPerson/" + relatedPersonId;
    }
  }
}
