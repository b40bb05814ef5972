package vn.sen.app.companion;

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

/**
 * The store as the companion's parts read it when they act as Sen itself (reminders, the pages' default
 * adapters): reads and searches parsed into HAPI models, and a create that happens once.
 */
public final class CompanionStore {
  private final FhirRepository store;
  private final SearchQueryParser parser;
  private final FhirContext fhir;

  public CompanionStore(FhirRepository store, SearchQueryParser parser, FhirContext fhir) {
    this.store = store;
    this.parser = parser;
    this.fhir = fhir;
  }

  public FhirRepository store() {
    return store;
  }

  /** The current, not deleted version of {@code type/id}. */
  public <T extends Resource> Optional<T> read(Class<T> type, String id) {
    return store.read(type.getSimpleName(), id).filter(r -> !r.deleted()).map(r -> parse(type, r));
  }

  /** Reads a relative reference {@code Type/id} when it is of {@code type}. */
  public <T extends Resource> Optional<T> resolve(Class<T> type, String reference) {
    String prefix = type.getSimpleName() + "/";
    if (!reference.startsWith(prefix) || reference.indexOf('/', prefix.length()) >= 0) {
      return Optional.empty();
    }
    return read(type, reference.substring(prefix.length()));
  }

  /** The matches (not includes) of the first page of one search, parsed; {@code query} is a FHIR query string. */
  public <T extends Resource> List<T> search(Class<T> type, String query) {
    return matches(type, searchQuery(type.getSimpleName(), query));
  }

  /** As {@link #search(Class, String)}, with at most {@code count} matches. */
  public <T extends Resource> List<T> search(Class<T> type, String query, int count) {
    return matches(type, searchQuery(type.getSimpleName(), query).withPage(count, 0));
  }

  private <T extends Resource> List<T> matches(Class<T> type, SearchQuery query) {
    List<T> found = new ArrayList<>();
    for (SearchMatch m : store.search(query).entries()) {
      if (!m.include()) {
        found.add(parse(type, m.resource()));
      }
    }
    return found;
  }

  /** Creates {@code resource} unless one matching {@code type?ifNoneExist} exists (a retry writes it once). */
  public void createOnce(Resource resource, String ifNoneExist) {
    SearchQuery existing = parser.parseConditional(resource.fhirType(), ifNoneExist);
    store.inTransaction(tx -> tx.create(resource, existing));
  }

  public SearchQuery searchQuery(String type, String query) {
    return parser.parse(type, SearchQueryParser.queryPairs(query), true).query();
  }

  public <T extends Resource> T parse(Class<T> type, StoredResource stored) {
    return fhir.newJsonParser().parseResource(type, new String(stored.json(), StandardCharsets.UTF_8));
  }
}
