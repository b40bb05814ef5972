package vn.sen.app.platform.policy;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the policy records accesses that change nothing in the store (reads, searches, denials): durably,
 * before the response is sent. Writes are recorded by the store's commit hook in their own transaction.
 */
@FunctionalInterface
public interface AccessRecorder {

  /** Records the event; throws if it cannot be recorded durably, so that the request fails. */
  void record(AccessSubject who, AccessEvent event);

  /**
   * @param action read, vread, search, history, everything, break-glass, …
   * @param outcome success or denied
   * @param patients the patients whose records were touched
   * @param entities references of the resources returned ({@code Type/id/_history/v})
   * @param reason a stated reason (break-glass)
   */
  record AccessEvent(String action, String outcome, Set<String> patients, List<String> entities,
      @Nullable String reason) {}
}
