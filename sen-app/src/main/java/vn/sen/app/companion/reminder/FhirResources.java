package vn.sen.app.companion.reminder;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;

/** Reads and searches the store as the system, parsing what reminders need to look inside. */
final class FhirResources {
  private final FhirRepository store;
  private final FhirContext context;
  private final SearchQueryParser parser;

  FhirResources(FhirRepository store, FhirContext context, SearchQueryParser parser) {
    this.store = store;
    this.context = context;
    this.parser = parser;
  }

  FhirRepository store() {
    return store;
  }

  <T extends Resource> Optional<T> read(Class<T> type, String id) {
    return store.read(type.getSimpleName(), id).filter(r -> !r.deleted()).map(r -> parse(type, r));
  }

  /** The first page (up to {@code count}) of {@code type?query}; query values are URL-encoded. */
  <T extends Resource> List<T> search(Class<T> type, String query, int count) {
    SearchQuery parsed = parser.parse(type.getSimpleName(), SearchQueryParser.queryPairs(query), true).query()
        .withPage(count, 0);
    List<T> found = new ArrayList<>();
    for (SearchMatch match : store.search(parsed).entries()) {
      if (!match.include()) {
        found.add(parse(type, match.resource()));
      }
    }
    return found;
  }

  /** Creates {@code resource} unless one matching {@code type?ifNoneExist} exists (retries write once). */
  void createOnce(Resource resource, String ifNoneExist) {
    SearchQuery existing = parser.parseConditional(resource.fhirType(), ifNoneExist);
    store.inTransaction(tx -> tx.create(resource, existing));
  }

  private <T extends Resource> T parse(Class<T> type, StoredResource stored) {
    return context.newJsonParser().parseResource(type, new String(stored.json(), StandardCharsets.UTF_8));
  }
}
