package vn.sen.app.companion.schedule;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;

/**
 * Reads one patient's current resources of a type through the {@link FhirRepository} port (so the same
 * policy as every other caller applies when the repository is the policy edge), parsed into HAPI models.
 */
public final class PatientResources {
  /** A current resource with its version. */
  public record Versioned<T extends Resource>(T resource, long versionId) {}

  private final FhirRepository store;
  private final SearchQueryParser queries;
  private final FhirContext fhir;

  public PatientResources(FhirRepository store, SearchQueryParser queries, FhirContext fhir) {
    this.store = store;
    this.queries = queries;
    this.fhir = fhir;
  }

  public FhirRepository store() {
    return store;
  }

  public SearchQueryParser queries() {
    return queries;
  }

  /** The current version of {@code type/id}, empty when absent or deleted. */
  public <T extends Resource> Optional<Versioned<T>> read(String type, String id, Class<T> model) {
    return store.read(type, id).filter(r -> !r.deleted()).map(r -> new Versioned<>(parse(r, model), r.versionId()));
  }

  /** Every current resource of {@code type} in the patient's compartment, all pages. */
  public <T extends Resource> List<Versioned<T>> all(String patientId, String type, Class<T> model) {
    SearchQuery base = queries.inCompartment(
        queries.parse(type, List.of(), true).query(), new ResourceKey("Patient", patientId));
    List<Versioned<T>> out = new ArrayList<>();
    int offset = 0;
    while (true) {
      SearchResult page = store.search(base.withPage(SearchQuery.MAX_COUNT, offset));
      for (SearchMatch m : page.entries()) {
        if (!m.include() && !m.resource().deleted()) {
          out.add(new Versioned<>(parse(m.resource(), model), m.resource().versionId()));
        }
      }
      if (!page.hasNext() || page.entries().isEmpty()) {
        return out;
      }
      offset += SearchQuery.MAX_COUNT;
    }
  }

  private <T extends Resource> T parse(StoredResource stored, Class<T> model) {
    IParser parser = fhir.newJsonParser();
    T resource = parser.parseResource(model, new String(stored.json(), StandardCharsets.UTF_8));
    resource.setId(stored.type() + "/" + stored.id());
    return resource;
  }
}
