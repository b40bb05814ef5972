package vn.sen.fhir.core;

import java.util.Optional;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.access.CheckedRead;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * The port to Sen's resource store. Reads return stored bytes and never parse them. The PostgreSQL
 * adapter is the production implementation.
 *
 * @see <a href="https://hl7.org/fhir/R4/http.html">FHIR R4 RESTful API</a>
 */
public interface FhirRepository {

  /** A unit of work, one database transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(FhirTransaction tx);
  }

  /** Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. */
  default <T> T inTransaction(Work<T> work) {
    return inTransaction(AccessFilter.UNRESTRICTED, work);
  }

  /**
   * Runs {@code work} in one transaction whose writes are held to {@code filter}: a resource may be
   * written (created, updated or deleted) only when the patient whose compartment holds it, before and
   * after the write, is visible under the filter; a new Patient is the exception (registering a patient
   * creates the record). Otherwise the transaction fails with {@link ErrorCode#FORBIDDEN} and nothing
   * is written. Which types and interactions a caller may use at all is the policy's decision, not the
   * store's.
   */
  <T> T inTransaction(AccessFilter filter, Work<T> work);

  /** Whether a caller held to {@code filter} may see the current version (or deletion) of type/id. */
  AccessCheck check(String type, String id, AccessFilter filter);

  /** The current version of {@code type/id}, a deletion marker if deleted, empty if never created. */
  Optional<StoredResource> read(String type, String id);

  /**
   * The current version of {@code type/id} (or its deletion marker) if a caller held to {@code filter} may
   * see it: {@link CheckedRead#HIDDEN} if not, {@link CheckedRead#ABSENT} if it was never created. Stores
   * that can answer both in one statement override this.
   */
  default CheckedRead read(String type, String id, AccessFilter filter) {
    if (filter.unrestricted()) {
      return CheckedRead.visible(read(type, id));
    }
    return switch (check(type, id, filter)) {
      case ABSENT -> CheckedRead.ABSENT;
      case HIDDEN -> CheckedRead.HIDDEN;
      case VISIBLE -> CheckedRead.visible(read(type, id));
    };
  }

  /** A specific version. */
  Optional<StoredResource> vread(String type, String id, long versionId);

  SearchResult search(SearchQuery query);

  HistoryResult history(HistoryQuery query);
}
