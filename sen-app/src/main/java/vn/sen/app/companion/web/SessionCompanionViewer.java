package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Optional;

/**
 * The default {@link CompanionViewer}: the viewer a one-time link started, kept in the HTTP session (a
 * companion-only session: it opens nothing but {@code /companion}). A caregiver is checked against the
 * patient's Consent on every request, so withdrawing the consent ends their access at once.
 */
public final class SessionCompanionViewer implements CompanionViewer {
  static final String ATTRIBUTE = "sen.companion.viewer";
  /** Long enough for an elderly person to come back to the page during the day. */
  static final Duration IDLE = Duration.ofHours(12);

  private final CaregiverConsents caregivers;

  SessionCompanionViewer(CaregiverConsents caregivers) {
    this.caregivers = caregivers;
  }

  @Override
  public Optional<Viewer> current(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Viewer viewer)) {
      return Optional.empty();
    }
    if (viewer instanceof Viewer.AsCaregiver c && !caregivers.authorised(c.relatedPersonId(), c.patientId())) {
      session.invalidate();
      throw new CompanionPageException(CompanionPageException.Problem.NOT_AUTHORISED);
    }
    return Optional.of(viewer);
  }

  @Override
  public void start(HttpServletRequest request, Viewer viewer) {
    HttpSession old = request.getSession(false);
    if (old != null) {
      // A new session id for the new viewer: a session id planted before the link was opened is worthless.
      old.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setMaxInactiveInterval((int) IDLE.toSeconds());
    session.setAttribute(ATTRIBUTE, viewer);
  }
}
