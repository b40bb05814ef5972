package vn.sen.app.companion.web;

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

/** Reads and searches of the store, parsed into HAPI models: what the default adapters share. */
final class StoreReader {
  private final FhirRepository store;
  private final SearchQueryParser parser;
  private final FhirContext fhir;

  StoreReader(FhirRepository store, SearchQueryParser parser, FhirContext fhir) {
    this.store = store;
    this.parser = parser;
    this.fhir = fhir;
  }

  FhirRepository store() {
    return store;
  }

  /** The current, not deleted version of {@code type/id}. */
  <T extends Resource> Optional<T> read(Class<T> type, String id) {
    return store.read(type.getSimpleName(), id).filter(r -> !r.deleted()).map(r -> parse(type, r));
  }

  /** Reads a relative reference {@code Type/id} when it is of {@code type}. */
  <T extends Resource> Optional<T> resolve(Class<T> type, String reference) {
    String prefix = type.getSimpleName() + "/";
    if (!reference.startsWith(prefix) || reference.indexOf('/', prefix.length()) >= 0) {
      return Optional.empty();
    }
    return read(type, reference.substring(prefix.length()));
  }

  /** The matches (not includes) of one search, parsed; {@code query} is a FHIR query string. */
  <T extends Resource> List<T> search(Class<T> type, String query) {
    SearchQuery q = searchQuery(type.getSimpleName(), query);
    List<T> found = new ArrayList<>();
    for (SearchMatch m : store.search(q).entries()) {
      if (!m.include()) {
        found.add(parse(type, m.resource()));
      }
    }
    return found;
  }

  SearchQuery searchQuery(String type, String query) {
    return parser.parse(type, SearchQueryParser.queryPairs(query), true).query();
  }

  <T extends Resource> T parse(Class<T> type, StoredResource stored) {
    return fhir.newJsonParser().parseResource(type, new String(stored.json(), StandardCharsets.UTF_8));
  }
}
