package vn.sen.app.companion.web;

import java.util.List;

/**
 * Port: reminders waiting for the viewer in the page (the reminders module's in-page channel). Taking them
 * marks them delivered. None until a reminders module provides a bean of this type.
 */
@FunctionalInterface
public interface CompanionNotices {
  CompanionNotices NONE = (viewer, language) -> List.of();

  /** The texts of the reminders waiting for {@code viewer}, in {@code language} ({@code vi} or {@code en}). */
  List<String> take(Viewer viewer, String language);
}
