package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;

class BundleJsonWriterTest {
  private static final FhirContext CONTEXT = FhirContext.forR4Cached();
  private static final InMemoryFhirRepository UNUSED_STORE =
      new InMemoryFhirRepository(CONTEXT, vn.sen.fhir.core.IdGenerator.random(new java.util.Random(1)),
          java.time.Clock.systemUTC());

  private static StoredResource stored(String type, String id) {
    String json = "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"1\"}}";
    return new StoredResource(type, id, 1, Instant.parse("2026-01-02T03:04:05Z"), false,
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void searchBundleMarksIncludesAndOutcomeAndParsesAsAValidBundle() {
    SearchParameterRegistry registry = new SearchParameterRegistry(CONTEXT);
    ResourceParser parser = new ResourceParser(CONTEXT);
    SearchInteraction search = new SearchInteraction(UNUSED_STORE, new SearchQueryParser(registry, Set.of()), parser);
    SearchInteraction.Page page = search.parse("Observation", null,
        List.of(java.util.Map.entry("_count", "1"), java.util.Map.entry("code", "x\"y")), false, "Observation");
    page = new SearchInteraction.Page(page.query(), List.of(Issue.warning("not-supported", "ignored \"q\"", "q")),
        page.subsetting(), page.linkPath(), page.linkParams());
    SearchResult result = new SearchResult(
        List.of(new SearchMatch(stored("Observation", "o1"), false), new SearchMatch(stored("Patient", "p1"), true)),
        7L, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    search.write(new BundleJsonWriter(out), page, result, "http://h/fhir", null);

    Bundle bundle = (Bundle) parser.parse(out.toByteArray(), Format.JSON);
    assertThat(bundle.getTotal()).isEqualTo(7);
    assertThat(bundle.getEntry()).extracting(e -> e.getSearch().getMode().toCode())
        .containsExactly("match", "include", "outcome");
    assertThat(bundle.getEntry().get(1).getFullUrl()).isEqualTo("http://h/fhir/Patient/p1");
    assertThat(bundle.getLink("next").getUrl()).isEqualTo("http://h/fhir/Observation?code=x%22y&_count=1&_offset=1");
  }

  @Test
  void historyEntriesCarryRequestAndResponse() {
    HistoryInteraction history = new HistoryInteraction(UNUSED_STORE);
    var query = history.parse("Patient", "p1", List.of());
    StoredResource deleted = new StoredResource("Patient", "p1", 2, Instant.parse("2026-01-03T00:00:00Z"), true,
        new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    history.write(new BundleJsonWriter(out), query,
        new vn.sen.fhir.core.HistoryResult(List.of(deleted, stored("Patient", "p1")), 2L, false), "http://h/fhir");

    Bundle bundle = (Bundle) new ResourceParser(CONTEXT).parse(out.toByteArray(), Format.JSON);
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.HISTORY);
    assertThat(bundle.getEntry().get(0).hasResource()).isFalse();
    assertThat(bundle.getEntry().get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.DELETE);
    assertThat(bundle.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
    assertThat(bundle.getEntry().get(1).getResponse().getLastModified()).isNotNull();
  }
}
