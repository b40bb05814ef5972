package vn.sen.fhir.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * The FHIR R4 REST endpoint (https://hl7.org/fhir/R4/http.html), mounted at {@code /fhir/*}. It only
 * routes: each path and method goes to one method of {@link FhirEndpoints}, and every failure is
 * mapped here, once, to a status and an OperationOutcome ({@link FhirException} by its {@link
 * ErrorCode}; anything else is a logged 500 whose outcome says nothing about the cause).
 *
 * <p>Wiring, e.g. in a Spring {@code ServletRegistrationBean}:
 *
 * <pre>{@code
 * SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4Cached());
 * FhirHttpSettings settings = new FhirHttpSettings(20 * 1024 * 1024, "https://sen.example.vn/fhir", false);
 * SearchQueryParser parser = new SearchQueryParser(registry, Set.of(settings.publicBaseUrl()));
 * FhirServlet servlet = new FhirServlet(repository, registry, parser, writeCheck,
 *     IdGenerator.secureRandom(), settings);
 * new ServletRegistrationBean<>(servlet, "/fhir/*");
 * }</pre>
 *
 * Use the same {@link IdGenerator} as the repository. Authorisation and audit belong in a filter in
 * front of this servlet.
 */
public class FhirServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(FhirServlet.class);

  private final transient FhirEndpoints endpoints;
  private final transient FhirHttpSettings settings;
  private final transient SearchParameterRegistry registry;
  private final transient Map<String, FhirOperation> operations;

  /**
   * @param repository the store
   * @param registry every search parameter; also the list of known resource types
   * @param searchParser turns query strings into searches
   * @param writeCheck the check every written resource passes
   * @param ids assigns ids to resources created in transaction Bundles
   * @param settings payload limit, public base URL, strictness default
   */
  public FhirServlet(FhirRepository repository, SearchParameterRegistry registry, SearchQueryParser searchParser,
      WriteCheck writeCheck, IdGenerator ids, FhirHttpSettings settings) {
    this(repository, registry, searchParser, writeCheck, ids, settings, List.of());
  }

  /**
   * @param operations instance- and type-level operations added by domain modules, keyed by type and name
   */
  public FhirServlet(FhirRepository repository, SearchParameterRegistry registry, SearchQueryParser searchParser,
      WriteCheck writeCheck, IdGenerator ids, FhirHttpSettings settings, List<FhirOperation> operations) {
    this.settings = settings;
    this.registry = registry;
    this.operations = new HashMap<>();
    for (FhirOperation op : operations) {
      this.operations.put(op.resourceType() + "/$" + op.name(), op);
    }
    this.endpoints = new FhirEndpoints(repository, registry, searchParser, writeCheck, ids, settings, operations);
  }

  /**
   * Describes the API's security in the CapabilityStatement ({@code rest.security}), asked per {@code /metadata}
   * request; without, the statement says nothing of it.
   */
  public FhirServlet describeSecurity(Supplier<CapabilitySecurity> security) {
    endpoints.describeSecurity(security);
    return this;
  }

  @Override
  protected void service(HttpServletRequest raw, HttpServletResponse response) {
    FhirRequest request = new FhirRequest(raw, settings);
    ResponseWriter writer = endpoints.writer(request, response);
    try {
      request.params();
      request.format();
      route(request, writer);
    } catch (FhirException e) {
      if (e.code() != ErrorCode.PAYLOAD_TOO_LARGE) {
        drainBody(raw);
      }
      writer.error(e);
    } catch (UncheckedIOException e) {
      // The client went away or the connection broke; nothing useful can be sent.
      log.debug("I/O failure on {} {}", raw.getMethod(), pathForLog(request));
    } catch (RuntimeException e) {
      // Never echo the message: it may quote patient data. Class and frame are enough to find it.
      StackTraceElement[] trace = e.getStackTrace();
      log.error("Unexpected {} on {} {} at {}", e.getClass().getName(), raw.getMethod(), pathForLog(request),
          trace.length > 0 ? trace[0] : "?");
      writer.error(new FhirException(ErrorCode.INTERNAL, "The server failed to process the request"));
    }
  }

  /**
   * Reads what is left of a request body refused before it was read (e.g. 415 for a wrong content type):
   * answering while the client is still sending can make the container close the connection, and the
   * client then sees no response at all instead of the OperationOutcome.
   */
  private void drainBody(HttpServletRequest raw) {
    try (java.io.InputStream in = raw.getInputStream()) {
      byte[] buffer = new byte[8192];
      long left = settings.maxPayloadBytes();
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (java.io.IOException | IllegalStateException e) {
      log.debug("Request body of a refused request could not be drained");
    }
  }

  private static String pathForLog(FhirRequest request) {
    return "/" + String.join("/", request.path());
  }

  private void route(FhirRequest r, ResponseWriter w) {
    List<String> p = r.path();
    String method = r.method();
    if (p.isEmpty()) {
      switch (method) {
        case "GET", "HEAD" -> endpoints.search(r, w, null, null, false);
        case "POST" -> endpoints.bundle(r, w);
        default -> throw notAllowed(method, "the base URL");
      }
      return;
    }
    String first = p.get(0);
    if (p.size() == 1 && first.equals("metadata")) {
      requireGet(method, "metadata");
      endpoints.metadata(r, w);
      return;
    }
    if (p.size() == 1 && first.equals("_history")) {
      requireGet(method, "_history");
      endpoints.history(r, w, null, null);
      return;
    }
    if (p.size() == 1 && first.equals("_search")) {
      if (!method.equals("POST")) {
        throw notAllowed(method, "_search");
      }
      endpoints.search(r, w, null, null, true);
      return;
    }
    if (first.startsWith("$")) {
      throw unknownOperation(first, "the system level");
    }
    String type = requireType(first);
    switch (p.size()) {
      case 1 -> typeLevel(r, w, type, method);
      case 2 -> instanceOrTypeOperation(r, w, type, p.get(1), method);
      case 3 -> instanceOperationOrCompartment(r, w, type, requireId(p.get(1)), p.get(2), method);
      case 4 -> {
        if (!p.get(2).equals("_history")) {
          throw unknownPath();
        }
        requireGet(method, "a version");
        endpoints.vread(r, w, type, requireId(p.get(1)), version(p.get(3)));
      }
      default -> throw unknownPath();
    }
  }

  private void typeLevel(FhirRequest r, ResponseWriter w, String type, String method) {
    switch (method) {
      case "GET", "HEAD" -> endpoints.search(r, w, type, null, false);
      case "POST" -> endpoints.create(r, w, type);
      case "PUT" -> endpoints.conditionalUpdate(r, w, type);
      case "DELETE" -> endpoints.conditionalDelete(r, w, type);
      default -> throw notAllowed(method, type);
    }
  }

  private void instanceOrTypeOperation(FhirRequest r, ResponseWriter w, String type, String second, String method) {
    switch (second) {
      case "_search" -> {
        if (!method.equals("POST")) {
          throw notAllowed(method, type + "/_search");
        }
        endpoints.search(r, w, type, null, true);
      }
      case "_history" -> {
        requireGet(method, type + "/_history");
        endpoints.history(r, w, type, null);
      }
      case "$validate" -> {
        if (!method.equals("POST")) {
          throw notAllowed(method, type + "/$validate");
        }
        endpoints.validate(r, w, type, null);
      }
      default -> {
        FhirOperation op = operations.get(type + "/" + second);
        if (op != null && op.typeLevel()) {
          invoke(r, w, op, "", method, second);
          return;
        }
        if (second.startsWith("$")) {
          throw unknownOperation(second, type);
        }
        String id = requireId(second);
        switch (method) {
          case "GET", "HEAD" -> endpoints.read(r, w, type, id);
          case "PUT" -> endpoints.update(r, w, type, id);
          case "DELETE" -> endpoints.delete(r, w, type, id);
          case "PATCH" -> endpoints.patch(r, w, type, id);
          default -> throw notAllowed(method, type + "/[id]");
        }
      }
    }
  }

  private void instanceOperationOrCompartment(FhirRequest r, ResponseWriter w, String type, String id,
      String third, String method) {
    switch (third) {
      case "_history" -> {
        requireGet(method, "_history");
        endpoints.history(r, w, type, id);
      }
      case "$validate" -> {
        if (!method.equals("POST")) {
          throw notAllowed(method, "$validate");
        }
        endpoints.validate(r, w, type, id);
      }
      case "$everything" -> {
        if (!type.equals("Patient")) {
          throw unknownOperation(third, type);
        }
        if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
          throw notAllowed(method, "$everything");
        }
        endpoints.everything(r, w, id);
      }
      default -> {
        FhirOperation op = operations.get(type + "/" + third);
        if (op != null && !op.typeLevel()) {
          invoke(r, w, op, id, method, third);
          return;
        }
        if (third.startsWith("$")) {
          throw unknownOperation(third, type + "/[id]");
        }
        if (!type.equals("Patient")) {
          throw new FhirException(ErrorCode.NOT_FOUND,
              "Only the Patient compartment can be searched; " + type + " compartments are not supported");
        }
        String target = requireType(third);
        requireGet(method, "a compartment search");
        endpoints.search(r, w, target, new ResourceKey("Patient", id), false);
      }
    }
  }

  private void invoke(FhirRequest r, ResponseWriter w, FhirOperation op, String id, String method, String name) {
    boolean get = method.equals("GET") || method.equals("HEAD");
    if (!method.equals("POST") && !(get && !op.affectsState())) {
      throw notAllowed(method, name);
    }
    endpoints.operation(r, w, op, id, get);
  }

  private String requireType(String segment) {
    if (!registry.isResourceType(segment)) {
      throw new FhirException(ErrorCode.UNKNOWN_RESOURCE_TYPE,
          "Unknown resource type '" + printable(segment) + "'; see /metadata for the supported types");
    }
    return segment;
  }

  private static String requireId(String segment) {
    if (!ResourceKey.isValidId(segment)) {
      throw FhirException.invalid("'" + printable(segment) + "' is not a valid resource id (1-64 of A-Z a-z 0-9 - .)");
    }
    return segment;
  }

  static long version(String segment) {
    try {
      long v = Long.parseLong(segment);
      if (v < 1) {
        throw FhirException.invalid("A version id must be a positive number");
      }
      return v;
    } catch (NumberFormatException e) {
      throw FhirException.invalid("A version id must be a positive number");
    }
  }

  /** Echoes at most 64 characters of a path segment, without control characters. */
  private static String printable(String segment) {
    String s = segment.length() > 64 ? segment.substring(0, 64) + "…" : segment;
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  private static void requireGet(String method, String what) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw notAllowed(method, what);
    }
  }

  private static FhirException notAllowed(String method, String what) {
    return new FhirException(ErrorCode.METHOD_NOT_ALLOWED, "Method " + printable(method) + " is not allowed on " + what);
  }

  private static FhirException unknownOperation(String name, String where) {
    return new FhirException(ErrorCode.NOT_FOUND,
        "Operation " + printable(name) + " is not supported on " + where);
  }

  private static FhirException unknownPath() {
    return new FhirException(ErrorCode.NOT_FOUND, "No FHIR interaction has this path");
  }
}
