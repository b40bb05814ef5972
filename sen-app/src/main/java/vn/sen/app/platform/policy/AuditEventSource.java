package vn.sen.app.platform.policy;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/** The audit trail, read-only, as FHIR AuditEvent resources (each reports the patient it concerns). */
public interface AuditEventSource {

  /** Searches AuditEvents (patient, agent, date, entity, action); {@code onlyPatient} narrows to one record. */
  SearchResult search(SearchQuery query, @Nullable String onlyPatient);

  /** The event whole, as auditors see it. */
  Optional<StoredResource> read(String id);

  /**
   * The event as {@code onlyPatient} may see it (masked: no staff addresses or user agents), or empty if
   * it does not concern them; whole when {@code onlyPatient} is null.
   */
  Optional<StoredResource> read(String id, @Nullable String onlyPatient);
}
