package vn.sen.fhir.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.JsonStrings;

/**
 * Writes a Bundle as JSON straight to a stream, copying each entry's stored resource bytes verbatim:
 * search pages, history and {@code $everything} never parse what the store returns.
 */
final class BundleJsonWriter {

  /** A Bundle.link. */
  record Link(String relation, String url) {}

  /** Bundle.entry.request. */
  record Request(String method, String url) {}

  /** Bundle.entry.response; {@code outcome} is an encoded OperationOutcome. */
  record Response(String status, @Nullable String location, @Nullable String etag,
      @Nullable Instant lastModified, byte @Nullable [] outcome) {}

  /**
   * A Bundle.entry: {@code resource} is complete resource JSON, {@code searchMode} is {@code match},
   * {@code include} or {@code outcome}.
   */
  record Entry(@Nullable String fullUrl, byte @Nullable [] resource, @Nullable String searchMode,
      @Nullable Request request, @Nullable Response response) {}

  private final OutputStream out;
  private boolean firstEntry = true;

  BundleJsonWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes everything before the entries. */
  void start(String type, @Nullable Long total, List<Link> links) {
    raw("{\"resourceType\":\"Bundle\",\"type\":");
    string(type);
    if (total != null) {
      raw(",\"total\":" + total);
    }
    if (!links.isEmpty()) {
      raw(",\"link\":[");
      for (int i = 0; i < links.size(); i++) {
        raw(i == 0 ? "{\"relation\":" : ",{\"relation\":");
        string(links.get(i).relation());
        raw(",\"url\":");
        string(links.get(i).url());
        raw("}");
      }
      raw("]");
    }
  }

  void entry(Entry entry) {
    raw(firstEntry ? ",\"entry\":[{" : ",{");
    firstEntry = false;
    boolean first = true;
    if (entry.fullUrl() != null) {
      raw("\"fullUrl\":");
      string(entry.fullUrl());
      first = false;
    }
    if (entry.resource() != null) {
      raw(first ? "\"resource\":" : ",\"resource\":");
      bytes(entry.resource());
      first = false;
    }
    if (entry.searchMode() != null) {
      raw(first ? "\"search\":{\"mode\":" : ",\"search\":{\"mode\":");
      string(entry.searchMode());
      raw("}");
      first = false;
    }
    if (entry.request() != null) {
      raw(first ? "\"request\":{\"method\":" : ",\"request\":{\"method\":");
      string(entry.request().method());
      raw(",\"url\":");
      string(entry.request().url());
      raw("}");
      first = false;
    }
    Response response = entry.response();
    if (response != null) {
      raw(first ? "\"response\":{\"status\":" : ",\"response\":{\"status\":");
      string(response.status());
      if (response.location() != null) {
        raw(",\"location\":");
        string(response.location());
      }
      if (response.etag() != null) {
        raw(",\"etag\":");
        string(response.etag());
      }
      if (response.lastModified() != null) {
        raw(",\"lastModified\":");
        string(response.lastModified().toString());
      }
      if (response.outcome() != null) {
        raw(",\"outcome\":");
        bytes(response.outcome());
      }
      raw("}");
    }
    raw("}");
  }

  /** Closes the Bundle; without entries there is no {@code entry} array, as FHIR JSON requires. */
  void finish() {
    raw(firstEntry ? "}" : "]}");
  }

  private void raw(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(byte[] b) {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void string(String s) {
    raw(JsonStrings.appendQuoted(new StringBuilder(s.length() + 2), s).toString());
  }
}
