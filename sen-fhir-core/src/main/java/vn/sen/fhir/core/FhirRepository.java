package vn.sen.fhir.core;

import java.util.Optional;
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
  <T> T inTransaction(Work<T> work);

  /** The current version of {@code type/id}, a deletion marker if deleted, empty if never created. */
  Optional<StoredResource> read(String type, String id);

  /** A specific version. */
  Optional<StoredResource> vread(String type, String id, long versionId);

  SearchResult search(SearchQuery query);

  HistoryResult history(HistoryQuery query);
}
