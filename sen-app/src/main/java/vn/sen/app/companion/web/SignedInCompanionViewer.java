package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.RelatedPerson;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.platform.policy.AccessSubject;

/**
 * Who looks at the companion pages: whoever opened a clinic's one-time link ({@link
 * SessionCompanionViewer}), or else a user signed in through Sen's own sign-in — a patient user sees their
 * own doses; a caregiver user (a RelatedPerson) those of the patient they are related to, while the
 * patient's consent authorises them (checked on every request).
 */
final class SignedInCompanionViewer implements CompanionViewer {
  private static final String RELATED_PERSON = "RelatedPerson/";

  private final SessionCompanionViewer links;
  private final Supplier<Optional<AccessSubject>> subjects;
  private final CompanionStore store;
  private final CaregiverConsents caregivers;

  SignedInCompanionViewer(SessionCompanionViewer links, Supplier<Optional<AccessSubject>> subjects,
      CompanionStore store, CaregiverConsents caregivers) {
    this.links = links;
    this.subjects = subjects;
    this.store = store;
    this.caregivers = caregivers;
  }

  @Override
  public Optional<Viewer> current(HttpServletRequest request) {
    Optional<Viewer> linked = links.current(request);
    if (linked.isPresent()) {
      return linked;
    }
    Optional<AccessSubject> subject = subjects.get();
    if (subject.isEmpty() || subject.get().system()) {
      return Optional.empty();
    }
    AccessSubject s = subject.get();
    if (s.roles().contains("patient") && s.patient() != null) {
      return Optional.of(new Viewer.AsPatient(s.patient()));
    }
    if (s.roles().contains("caregiver") && s.fhirUser() != null && s.fhirUser().startsWith(RELATED_PERSON)) {
      String relatedPersonId = s.fhirUser().substring(RELATED_PERSON.length());
      return store.read(RelatedPerson.class, relatedPersonId)
          .map(rp -> rp.getPatient().getReferenceElement().getIdPart())
          .filter(patientId -> patientId != null && caregivers.authorised(relatedPersonId, patientId))
          .map(patientId -> new Viewer.AsCaregiver(relatedPersonId, patientId));
    }
    return Optional.empty();
  }

  @Override
  public void start(HttpServletRequest request, Viewer viewer) {
    links.start(request, viewer);
  }
}
