package vn.sen.fhir.http;

import ca.uhn.fhir.parser.DataFormatException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateTimeType;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchQuery;

/**
 * Instance, type and system history (https://hl7.org/fhir/R4/http.html#history): a history Bundle,
 * newest first, whose entries say how each version came about; deletions carry no resource.
 */
final class HistoryInteraction {
  private final FhirRepository repository;

  HistoryInteraction(FhirRepository repository) {
    this.repository = repository;
  }

  HistoryQuery parse(@Nullable String type, @Nullable String id, List<Map.Entry<String, String>> params) {
    Instant since = null;
    Instant at = null;
    int count = SearchQuery.DEFAULT_COUNT;
    int offset = 0;
    for (Map.Entry<String, String> p : params) {
      switch (p.getKey()) {
        case "_since" -> since = instant("_since", p.getValue());
        case "_at" -> at = instant("_at", p.getValue());
        case "_count" -> count = Math.min(number("_count", p.getValue()), SearchQuery.MAX_COUNT);
        case "_offset" -> offset = number("_offset", p.getValue());
        default -> {}
      }
    }
    return new HistoryQuery(type, id, since, at, count, offset);
  }

  HistoryResult run(HistoryQuery query) {
    return repository.history(query);
  }

  void write(BundleJsonWriter out, HistoryQuery query, HistoryResult result, String base) {
    String path = base + (query.type() == null ? "" : "/" + query.type())
        + (query.id() == null ? "" : "/" + query.id()) + "/_history";
    List<BundleJsonWriter.Link> links = new ArrayList<>();
    links.add(new BundleJsonWriter.Link("self", link(path, query, query.offset())));
    if (result.hasNext() && query.count() > 0) {
      links.add(new BundleJsonWriter.Link("next", link(path, query, query.offset() + query.count())));
    }
    if (query.offset() > 0 && query.count() > 0) {
      links.add(new BundleJsonWriter.Link("previous", link(path, query, Math.max(0, query.offset() - query.count()))));
    }
    out.start("history", result.total(), links);
    for (StoredResource v : result.versions()) {
      String method = v.deleted() ? "DELETE" : v.versionId() == 1 ? "POST" : "PUT";
      String url = method.equals("POST") ? v.type() : v.type() + "/" + v.id();
      String status = v.deleted() ? "204 No Content" : v.versionId() == 1 ? "201 Created" : "200 OK";
      out.entry(new BundleJsonWriter.Entry(
          base + "/" + v.type() + "/" + v.id(),
          v.deleted() ? null : v.json(),
          null,
          new BundleJsonWriter.Request(method, url),
          new BundleJsonWriter.Response(status, null, v.etag(), v.lastUpdated(), null)));
    }
    out.finish();
  }

  private static String link(String path, HistoryQuery q, int offset) {
    StringBuilder sb = new StringBuilder(path).append('?');
    if (q.since() != null) {
      sb.append("_since=").append(URLEncoder.encode(q.since().toString(), StandardCharsets.UTF_8)).append('&');
    }
    if (q.at() != null) {
      sb.append("_at=").append(URLEncoder.encode(q.at().toString(), StandardCharsets.UTF_8)).append('&');
    }
    return sb.append("_count=").append(q.count()).append("&_offset=").append(offset).toString();
  }

  static Instant instant(String name, String value) {
    try {
      DateTimeType parsed = new DateTimeType(value);
      if (parsed.getValue() == null) {
        throw FhirException.invalid(name + " must be a date or instant");
      }
      return parsed.getValue().toInstant();
    } catch (DataFormatException | IllegalArgumentException e) {
      throw FhirException.invalid(name + " must be a date or instant, e.g. 2024-05-01T00:00:00Z");
    }
  }

  static int number(String name, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw FhirException.invalid(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw FhirException.invalid(name + " must be a whole number");
    }
  }
}
