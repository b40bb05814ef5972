package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

class UnexpectedFailureTest extends FhirServerTest {

  @Override
  FhirRepository served(InMemoryFhirRepository twin) {
    return new FhirRepository() {
      @Override
      public <T> T inTransaction(vn.sen.fhir.core.access.AccessFilter filter, Work<T> work) {
        return twin.inTransaction(filter, work);
      }

      @Override
      public vn.sen.fhir.core.access.AccessCheck check(String type, String id,
          vn.sen.fhir.core.access.AccessFilter filter) {
        return twin.check(type, id, filter);
      }

      @Override
      public Optional<StoredResource> read(String type, String id) {
        throw new IllegalStateException("database down while reading Nguyen Van A");
      }

      @Override
      public Optional<StoredResource> vread(String type, String id, long versionId) {
        return twin.vread(type, id, versionId);
      }

      @Override
      public SearchResult search(SearchQuery query) {
        return twin.search(query);
      }

      @Override
      public HistoryResult history(HistoryQuery query) {
        return twin.history(query);
      }
    };
  }

  @Test
  void unexpectedExceptionIs500WithGenericOutcomeThatLeaksNothing() {
    Reply reply = get("/Patient/abc");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(issueCode(reply)).isEqualTo("exception");
    assertThat(reply.body()).doesNotContain("Nguyen").doesNotContain("IllegalState");
  }
}
