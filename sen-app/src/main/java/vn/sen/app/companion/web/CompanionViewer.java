package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Port: who is looking at the companion pages. The default adapter ({@link SessionCompanionViewer})
 * knows the people who opened a clinic's one-time link; sign-in through Sen's identity provider plugs in
 * here as another bean of this type.
 */
public interface CompanionViewer {

  /**
   * The viewer of this request, if any and still allowed: a caregiver whose authorisation was withdrawn
   * is no viewer any more.
   */
  Optional<Viewer> current(HttpServletRequest request);

  /** Starts a companion-only session for {@code viewer}, replacing any session the browser had. */
  void start(HttpServletRequest request, Viewer viewer);
}
