package vn.sen.fhir.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.ParsedSearch;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.TotalMode;

/**
 * Type, system and compartment search (https://hl7.org/fhir/R4/search.html) and {@code $everything}:
 * parses the parameters, runs one repository search and streams the searchset Bundle, copying the
 * stored JSON of each match unless a subset or XML is asked for.
 */
final class SearchInteraction {
  /** Parameters this adapter handles itself; the search parser never sees them. */
  private static final Set<String> ADAPTER_PARAMS = Set.of("_format", "_pretty", "_summary", "_elements");

  private final FhirRepository repository;
  private final SearchQueryParser searchParser;
  private final ResourceParser parser;

  SearchInteraction(FhirRepository repository, SearchQueryParser searchParser, ResourceParser parser) {
    this.repository = repository;
    this.searchParser = searchParser;
    this.parser = parser;
  }

  /**
   * A parsed search ready to run and to render.
   *
   * @param linkPath the path paging links repeat, relative to the base ({@code Patient}, {@code
   *     Patient/1/Observation}, empty for system level)
   * @param linkParams the client's parameters without {@code _count}/{@code _offset}
   */
  record Page(SearchQuery query, List<Issue> ignored, Subsetting subsetting, String linkPath,
      List<Map.Entry<String, String>> linkParams) {}

  Page parse(@Nullable String type, @Nullable ResourceKey compartment, List<Map.Entry<String, String>> params,
      boolean strict, String linkPath) {
    Subsetting subsetting = Subsetting.from(first(params, "_summary"), first(params, "_elements"));
    List<Map.Entry<String, String>> forParser = new ArrayList<>();
    List<Map.Entry<String, String>> linkParams = new ArrayList<>();
    for (Map.Entry<String, String> p : params) {
      if (!ADAPTER_PARAMS.contains(p.getKey())) {
        forParser.add(p);
      }
      if (!p.getKey().equals("_count") && !p.getKey().equals("_offset")) {
        linkParams.add(p);
      }
    }
    ParsedSearch parsed = searchParser.parse(type, forParser, strict);
    SearchQuery q = parsed.query();
    boolean count = subsetting.summary() == Subsetting.Summary.COUNT;
    SearchQuery query = new SearchQuery(q.resourceType(), q.types(), q.criteria(),
        compartment != null ? compartment : q.compartment(), q.sort(), q.count(), q.offset(),
        count ? TotalMode.ACCURATE : q.total(), q.includes(), q.revIncludes(), count || q.summaryCount());
    return new Page(query, parsed.ignored(), subsetting, linkPath, List.copyOf(linkParams));
  }

  SearchResult run(Page page) {
    return repository.search(page.query());
  }

  SearchResult run(FhirTransaction tx, Page page) {
    return tx.search(page.query());
  }

  /** Writes the searchset Bundle of one page; {@code first} (the $everything patient) leads page one. */
  void write(BundleJsonWriter out, Page page, SearchResult result, String base, @Nullable StoredResource first) {
    SearchQuery q = page.query();
    List<BundleJsonWriter.Link> links = new ArrayList<>();
    links.add(new BundleJsonWriter.Link("self", link(base, page, q.count(), q.offset())));
    if (result.hasNext() && !q.summaryCount() && q.count() > 0) {
      links.add(new BundleJsonWriter.Link("next", link(base, page, q.count(), q.offset() + q.count())));
    }
    if (q.offset() > 0 && !q.summaryCount() && q.count() > 0) {
      links.add(new BundleJsonWriter.Link("previous",
          link(base, page, q.count(), Math.max(0, q.offset() - q.count()))));
    }
    out.start("searchset", result.total(), links);
    if (first != null) {
      out.entry(new BundleJsonWriter.Entry(fullUrl(base, first), entryBytes(first, page.subsetting()),
          "match", null, null));
    }
    if (!q.summaryCount()) {
      for (SearchMatch match : result.entries()) {
        StoredResource r = match.resource();
        if (first != null && r.key().equals(first.key())) {
          continue;
        }
        out.entry(new BundleJsonWriter.Entry(fullUrl(base, r), entryBytes(r, page.subsetting()),
            match.include() ? "include" : "match", null, null));
      }
    }
    if (!page.ignored().isEmpty()) {
      byte[] outcome = Outcomes.json(page.ignored());
      out.entry(new BundleJsonWriter.Entry(null, outcome, "outcome", null, null));
    }
    out.finish();
  }

  byte[] encodeOutcome(List<Issue> issues) {
    return Outcomes.json(issues);
  }

  private byte[] entryBytes(StoredResource stored, Subsetting subsetting) {
    if (!subsetting.active()) {
      return stored.json();
    }
    Resource resource = parser.parseStored(stored.json());
    return parser.encode(resource, Format.JSON, false, subsetting);
  }

  static String fullUrl(String base, StoredResource r) {
    return base + "/" + r.type() + "/" + r.id();
  }

  private static String link(String base, Page page, int count, int offset) {
    StringBuilder sb = new StringBuilder(base);
    if (!page.linkPath().isEmpty()) {
      sb.append('/').append(page.linkPath());
    }
    sb.append('?');
    for (Map.Entry<String, String> p : page.linkParams()) {
      sb.append(encode(p.getKey())).append('=').append(encode(p.getValue())).append('&');
    }
    return sb.append("_count=").append(count).append("&_offset=").append(offset).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static @Nullable String first(List<Map.Entry<String, String>> params, String name) {
    for (Map.Entry<String, String> p : params) {
      if (p.getKey().equals(name)) {
        return p.getValue();
      }
    }
    return null;
  }
}
