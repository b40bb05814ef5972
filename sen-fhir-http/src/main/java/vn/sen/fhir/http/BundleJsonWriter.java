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

  // the Bundle's fixed pieces, encoded once
  private static final byte[] BUNDLE_START = utf8("{\"resourceType\":\"Bundle\",\"type\":");
  private static final byte[] LINKS_START = utf8(",\"link\":[");
  private static final byte[] URL = utf8(",\"url\":");
  private static final byte[] CLOSE_OBJECT = utf8("}");
  private static final byte[] CLOSE_ARRAY = utf8("]");
  private static final byte[] FULL_URL = utf8("\"fullUrl\":");
  private static final byte[] LOCATION = utf8(",\"location\":");
  private static final byte[] ETAG = utf8(",\"etag\":");
  private static final byte[] LAST_MODIFIED = utf8(",\"lastModified\":");
  private static final byte[] OUTCOME = utf8(",\"outcome\":");
  private static final byte[] ENTRIES_START = utf8(",\"entry\":[{");
  private static final byte[] NEXT_ENTRY = utf8(",{");
  private static final byte[] RESOURCE_FIRST = utf8("\"resource\":");
  private static final byte[] RESOURCE = utf8(",\"resource\":");
  private static final byte[] SEARCH_MODE_FIRST = utf8("\"search\":{\"mode\":");
  private static final byte[] SEARCH_MODE = utf8(",\"search\":{\"mode\":");
  private static final byte[] REQUEST_FIRST = utf8("\"request\":{\"method\":");
  private static final byte[] REQUEST = utf8(",\"request\":{\"method\":");
  private static final byte[] RESPONSE_FIRST = utf8("\"response\":{\"status\":");
  private static final byte[] RESPONSE = utf8(",\"response\":{\"status\":");
  private static final byte[] CLOSE_ENTRIES_AND_BUNDLE = utf8("]}");

  private final OutputStream out;
  private final StringBuilder quoted = new StringBuilder(256);
  private boolean firstEntry = true;

  BundleJsonWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes everything before the entries. */
  void start(String type, @Nullable Long total, List<Link> links) {
    bytes(BUNDLE_START);
    string(type);
    if (total != null) {
      raw(",\"total\":" + total);
    }
    if (!links.isEmpty()) {
      bytes(LINKS_START);
      for (int i = 0; i < links.size(); i++) {
        raw(i == 0 ? "{\"relation\":" : ",{\"relation\":");
        string(links.get(i).relation());
        bytes(URL);
        string(links.get(i).url());
        bytes(CLOSE_OBJECT);
      }
      bytes(CLOSE_ARRAY);
    }
  }

  void entry(Entry entry) {
    bytes(firstEntry ? ENTRIES_START : NEXT_ENTRY);
    firstEntry = false;
    boolean first = true;
    if (entry.fullUrl() != null) {
      bytes(FULL_URL);
      string(entry.fullUrl());
      first = false;
    }
    if (entry.resource() != null) {
      bytes(first ? RESOURCE_FIRST : RESOURCE);
      bytes(entry.resource());
      first = false;
    }
    if (entry.searchMode() != null) {
      bytes(first ? SEARCH_MODE_FIRST : SEARCH_MODE);
      string(entry.searchMode());
      bytes(CLOSE_OBJECT);
      first = false;
    }
    if (entry.request() != null) {
      bytes(first ? REQUEST_FIRST : REQUEST);
      string(entry.request().method());
      bytes(URL);
      string(entry.request().url());
      bytes(CLOSE_OBJECT);
      first = false;
    }
    Response response = entry.response();
    if (response != null) {
      bytes(first ? RESPONSE_FIRST : RESPONSE);
      string(response.status());
      if (response.location() != null) {
        bytes(LOCATION);
        string(response.location());
      }
      if (response.etag() != null) {
        bytes(ETAG);
        string(response.etag());
      }
      if (response.lastModified() != null) {
        bytes(LAST_MODIFIED);
        string(response.lastModified().toString());
      }
      if (response.outcome() != null) {
        bytes(OUTCOME);
        bytes(response.outcome());
      }
      bytes(CLOSE_OBJECT);
    }
    bytes(CLOSE_OBJECT);
  }

  /** Closes the Bundle; without entries there is no {@code entry} array, as FHIR JSON requires. */
  void finish() {
    bytes(firstEntry ? CLOSE_OBJECT : CLOSE_ENTRIES_AND_BUNDLE);
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
    quoted.setLength(0);
    raw(JsonStrings.appendQuoted(quoted, s).toString());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
