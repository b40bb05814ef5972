package vn.sen.fhir.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;

/**
 * Writes FHIR responses: stored resources verbatim as JSON (converted only when XML or a subset is
 * asked), write results as {@code Prefer} asks, Bundles streamed, errors as OperationOutcome.
 */
final class ResponseWriter {
  /** Bytes gathered before a streamed Bundle is handed to the container. */
  private static final int STREAM_BUFFER = 32 * 1024;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final FhirRequest request;
  private final HttpServletResponse response;
  private final ResourceParser parser;

  ResponseWriter(FhirRequest request, HttpServletResponse response, ResourceParser parser) {
    this.request = request;
    this.response = response;
    this.parser = parser;
  }

  static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  /** A stored version with its ETag and Last-Modified. */
  void stored(StoredResource stored, int status, Subsetting subsetting) {
    versionHeaders(stored);
    response.setStatus(status);
    body(resourceBytes(stored, subsetting));
  }

  /** The bytes of a stored resource in the negotiated format, subsetted when asked. */
  byte[] resourceBytes(StoredResource stored, Subsetting subsetting) {
    if (request.format() == Format.JSON && !subsetting.active()) {
      return request.pretty() ? JsonTrees.pretty(stored.json()) : stored.json();
    }
    Resource resource = parser.parseStored(stored.json());
    return parser.encode(resource, request.format(), request.pretty(), subsetting);
  }

  void notModified(StoredResource stored) {
    versionHeaders(stored);
    response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
  }

  /** The response to a successful write: Location, ETag, Last-Modified and the body Prefer asks for. */
  void written(WriteResult result, int status, String informationMessage) {
    StoredResource stored = result.resource();
    if (result.kind() != WriteResult.Kind.NOTHING_TO_DELETE) {
      versionHeaders(stored);
    }
    if (result.kind() != WriteResult.Kind.DELETED && result.kind() != WriteResult.Kind.NOTHING_TO_DELETE) {
      response.setHeader("Location", location(stored));
    }
    response.setStatus(status);
    boolean deletion = stored.deleted() || result.kind() == WriteResult.Kind.NOTHING_TO_DELETE;
    switch (request.preferredReturn()) {
      case MINIMAL -> {}
      case OPERATION_OUTCOME -> resource(Outcomes.information(informationMessage), status);
      case REPRESENTATION -> {
        if (deletion) {
          resource(Outcomes.information(informationMessage), status);
        } else {
          body(resourceBytes(stored, Subsetting.NONE));
        }
      }
    }
  }

  String location(StoredResource stored) {
    return request.baseUrl() + "/" + stored.type() + "/" + stored.id() + "/_history/" + stored.versionId();
  }

  private void versionHeaders(StoredResource stored) {
    response.setHeader("ETag", stored.etag());
    response.setHeader("Last-Modified", httpDate(stored.lastUpdated()));
  }

  /** Any resource built in memory (OperationOutcome, CapabilityStatement, Parameters). */
  void resource(IBaseResource resource, int status) {
    response.setStatus(status);
    body(request.format() == Format.JSON
        ? parser.encode(resource, Format.JSON, request.pretty())
        : parser.encode(resource, Format.XML, request.pretty()));
  }

  /** Pre-encoded JSON (e.g. a cached CapabilityStatement), converted when XML is asked. */
  void json(byte[] json, int status) {
    response.setStatus(status);
    if (request.format() == Format.JSON && !request.pretty()) {
      body(json);
    } else {
      body(parser.encode(parser.parseStored(json), request.format(), request.pretty()));
    }
  }

  /**
   * A Bundle produced by {@code content}: streamed to the client as JSON, or collected, parsed and
   * converted when XML is asked.
   */
  void bundle(int status, Consumer<BundleJsonWriter> content) {
    response.setStatus(status);
    response.setContentType(request.format().contentType());
    try {
      if (request.format() == Format.JSON && request.pretty()) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        content.accept(new BundleJsonWriter(buffer));
        byte[] json = JsonTrees.pretty(buffer.toByteArray());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
      } else if (request.format() == Format.JSON) {
        // the writer emits many small pieces (punctuation, urls, each entry's stored JSON): gathered here,
        // they reach the container in a few large writes instead of hundreds of small ones
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), STREAM_BUFFER);
        content.accept(new BundleJsonWriter(out));
        out.flush();
      } else {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        content.accept(new BundleJsonWriter(buffer));
        byte[] xml = parser.encode(parser.parseStored(buffer.toByteArray()), Format.XML, request.pretty());
        response.setContentLength(xml.length);
        response.getOutputStream().write(xml);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void error(FhirException e) {
    if (response.isCommitted()) {
      return;
    }
    // Keep headers other filters set (CORS, security); drop only what this writer may have added.
    response.resetBuffer();
    for (String header : new String[] {"ETag", "Last-Modified", "Location"}) {
      response.setHeader(header, null);
    }
    resource(Outcomes.of(e.issues()), e.code().status());
  }

  void body(byte[] bytes) {
    response.setContentType(request.format().contentType());
    response.setContentLength(bytes.length);
    try {
      response.getOutputStream().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
