package vn.sen.fhir.http;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * Batch and transaction Bundles (https://hl7.org/fhir/R4/http.html#transaction). A transaction is one
 * unit of work, processed DELETE, POST, PUT/PATCH, GET, with {@code urn:uuid:} and conditional
 * references resolved first; any failing entry fails it all. A batch runs each entry on its own.
 */
final class BundleProcessor {
  private final FhirRepository repository;
  private final ResourceInteractions interactions;
  private final SearchInteraction search;
  private final SearchQueryParser searchParser;
  private final SearchParameterRegistry registry;
  private final IdGenerator ids;
  private final ResourceReferences references;

  BundleProcessor(FhirRepository repository, ResourceInteractions interactions, SearchInteraction search,
      SearchQueryParser searchParser, SearchParameterRegistry registry, IdGenerator ids, ResourceParser parser) {
    this.repository = repository;
    this.interactions = interactions;
    this.search = search;
    this.searchParser = searchParser;
    this.registry = registry;
    this.ids = ids;
    this.references = new ResourceReferences(parser.context());
  }

  /** One entry's request, validated: {@code path} is the url without its query. */
  private record Step(int index, String method, String type, @Nullable String id, @Nullable Long version,
      @Nullable String query, BundleEntryComponent entry) {
    String where() {
      return "Bundle.entry[" + index + "]";
    }
  }

  /** Processes a batch or transaction and writes the response Bundle's entries in the original order. */
  void process(Bundle bundle, String base, FhirRequest.Return preferred, BundleJsonWriter out) {
    Bundle.BundleType type = bundle.getType();
    if (type == Bundle.BundleType.TRANSACTION) {
      transaction(bundle, base, preferred, out);
    } else if (type == Bundle.BundleType.BATCH) {
      batch(bundle, base, preferred, out);
    } else {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "Only transaction and batch Bundles can be posted to the base URL", "Bundle.type");
    }
  }

  /** All entries in one unit of work: references resolved first, then DELETE, POST, PUT/PATCH, GET. */
  private void transaction(Bundle bundle, String base, FhirRequest.Return preferred, BundleJsonWriter out) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      steps.add(step(i, bundle.getEntry().get(i), base));
    }
    BundleJsonWriter.Entry[] responses = new BundleJsonWriter.Entry[steps.size()];
    repository.inTransaction(tx -> {
      Map<String, String> targets = preassign(tx, steps);
      for (Step s : steps) {
        Resource resource = s.entry().getResource();
        if (resource != null) {
          atEntry(s, () -> rewriteReferences(tx, resource, targets, s.where()));
        }
      }
      for (Step s : processingOrder(steps)) {
        responses[s.index()] = atEntry(s, () -> execute(tx, s, base, preferred));
      }
      return null;
    });
    writeResponse(out, "transaction-response", responses);
  }

  /** Each entry on its own: a failing entry is reported in its response and does not stop the others. */
  private void batch(Bundle bundle, String base, FhirRequest.Return preferred, BundleJsonWriter out) {
    BundleJsonWriter.Entry[] responses = new BundleJsonWriter.Entry[bundle.getEntry().size()];
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < responses.length; i++) {
      try {
        steps.add(step(i, bundle.getEntry().get(i), base));
      } catch (FhirException e) {
        responses[i] = failed(e);
      }
    }
    for (Step s : processingOrder(steps)) {
      try {
        responses[s.index()] = repository.inTransaction(tx -> atEntry(s, () -> {
          Resource resource = s.entry().getResource();
          if (resource != null) {
            rewriteReferences(tx, resource, Map.of(), s.where());
          }
          return execute(tx, s, base, preferred);
        }));
      } catch (FhirException e) {
        responses[s.index()] = failed(e);
      }
    }
    writeResponse(out, "batch-response", responses);
  }

  private static List<Step> processingOrder(List<Step> steps) {
    List<Step> ordered = new ArrayList<>(steps);
    ordered.sort(Comparator.comparingInt(s -> rank(s.method())));
    return ordered;
  }

  private static void writeResponse(BundleJsonWriter out, String type, BundleJsonWriter.Entry[] responses) {
    out.start(type, null, List.of());
    for (BundleJsonWriter.Entry e : responses) {
      out.entry(e);
    }
    out.finish();
  }

  private BundleJsonWriter.Entry failed(FhirException e) {
    byte[] outcome = search.encodeOutcome(e.issues());
    return new BundleJsonWriter.Entry(null, null, null, null,
        new BundleJsonWriter.Response(Statuses.line(e.code().status()), null, null, null, outcome));
  }

  private static int rank(String method) {
    return switch (method) {
      case "DELETE" -> 0;
      case "POST" -> 1;
      case "PUT", "PATCH" -> 2;
      default -> 3;
    };
  }

  private interface EntryWork<T> {
    T run();
  }

  /** Runs one entry's work; failures name the entry so the client can find it. */
  private static <T> T atEntry(Step step, EntryWork<T> work) {
    try {
      return work.run();
    } catch (FhirException e) {
      List<Issue> issues = new ArrayList<>();
      for (Issue i : e.issues()) {
        issues.add(new Issue(i.severity(), i.code(), step.where() + ": " + i.diagnostics(),
            i.expression() == null ? step.where() : i.expression()));
      }
      throw new FhirException(e.code(), step.where() + ": " + e.getMessage(), issues);
    }
  }

  /** The target of an entry's request.url: {@code Type}, {@code Type/id}, {@code Type/id/_history/v}, {@code Type?q}. */
  private record Target(String type, @Nullable String id, @Nullable Long version, @Nullable String query) {}

  private Step step(int index, BundleEntryComponent entry, String base) {
    String where = "Bundle.entry[" + index + "]";
    BundleEntryRequestComponent request = entry.getRequest();
    if (request == null || request.getMethod() == null || !request.hasUrl()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, where + ": each entry needs request.method and request.url",
          where + ".request");
    }
    String method = request.getMethod().toCode().toUpperCase(Locale.ROOT);
    Target t = target(request.getUrl(), base, where);
    Resource resource = entry.getResource();
    if (resource != null && resource.getIdElement().getValue() != null
        && resource.getIdElement().getValue().startsWith("urn:")) {
      // HAPI copies a urn:uuid fullUrl into the resource id; it is a placeholder, not an id.
      resource.setIdElement(null);
    }
    boolean needsResource = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    if (needsResource && resource == null) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, where + ": " + method + " needs a resource",
          where + ".resource");
    }
    boolean shapeOk = switch (method) {
      case "POST" -> t.id() == null;
      case "PUT", "DELETE" -> (t.id() != null) != (t.query() != null) && t.version() == null;
      case "PATCH" -> t.id() != null && t.query() == null && t.version() == null;
      case "GET", "HEAD" -> true;
      default -> false;
    };
    if (!shapeOk) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          where + ": " + method + " " + request.getUrl() + " is not a valid entry request", where + ".request");
    }
    return new Step(index, method, t.type(), t.id(), t.version(), t.query(), entry);
  }

  private Target target(String requestUrl, String base, String where) {
    String url = requestUrl.startsWith(base + "/") ? requestUrl.substring(base.length() + 1) : requestUrl;
    while (url.startsWith("/")) {
      url = url.substring(1);
    }
    String query = null;
    int q = url.indexOf('?');
    if (q >= 0) {
      query = url.substring(q + 1);
      url = url.substring(0, q);
    }
    String[] parts = url.split("/");
    if (!registry.isResourceType(parts[0])) {
      throw new FhirException(ErrorCode.UNKNOWN_RESOURCE_TYPE,
          where + ": request.url names no known resource type", where + ".request.url");
    }
    String id = parts.length >= 2 ? parts[1] : null;
    if (id != null && !ResourceKey.isValidId(id)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, where + ": request.url has an invalid id",
          where + ".request.url");
    }
    Long version = null;
    if (parts.length == 4 && parts[2].equals("_history")) {
      version = FhirServlet.version(parts[3]);
    } else if (parts.length > 2) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, where + ": request.url is not supported in a Bundle",
          where + ".request.url");
    }
    return new Target(parts[0], id, version, query);
  }

  /**
   * Assigns ids to the POST entries and maps each {@code urn:uuid:}/{@code urn:oid:} fullUrl to the
   * resource it will become; conditional creates that match map to the existing resource instead.
   */
  private Map<String, String> preassign(FhirTransaction tx, List<Step> steps) {
    Map<String, String> targets = new HashMap<>();
    for (Step s : steps) {
      String fullUrl = s.entry().getFullUrl();
      String target = null;
      if (s.method().equals("POST")) {
        target = atEntry(s, () -> postTarget(tx, s));
      } else if (s.method().equals("PUT") && s.id() != null) {
        target = s.type() + "/" + s.id();
      } else if (s.method().equals("PUT")) {
        target = atEntry(s, () -> conditionalPutTarget(tx, s));
      }
      if (target != null && fullUrl != null && !fullUrl.isBlank()) {
        if (targets.put(fullUrl, target) != null) {
          throw new FhirException(ErrorCode.INVALID_REQUEST,
              s.where() + ": fullUrl " + fullUrl + " appears in more than one entry", s.where() + ".fullUrl");
        }
      }
    }
    return targets;
  }

  private String postTarget(FhirTransaction tx, Step s) {
    String ifNoneExist = s.entry().getRequest().getIfNoneExist();
    if (ifNoneExist != null && !ifNoneExist.isBlank()) {
      List<ResourceKey> existing = tx.match(searchParser.parseConditional(s.type(), ifNoneExist), 2);
      if (existing.size() > 1) {
        throw new FhirException(ErrorCode.MULTIPLE_MATCHES, "ifNoneExist matches more than one " + s.type());
      }
      if (existing.size() == 1) {
        return existing.get(0).toString();
      }
    }
    String id = ids.newId();
    s.entry().getResource().setId(id);
    return s.type() + "/" + id;
  }

  /**
   * A conditional update's future identity: the single match, or a pre-assigned id that the update
   * then creates (update-as-create), so that other entries can refer to it by its fullUrl.
   */
  private String conditionalPutTarget(FhirTransaction tx, Step s) {
    List<ResourceKey> matches = tx.match(searchParser.parseConditional(s.type(), s.query()), 2);
    if (matches.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES, "The conditional update matches more than one " + s.type());
    }
    if (matches.size() == 1) {
      return matches.get(0).toString();
    }
    Resource resource = s.entry().getResource();
    if (resource.getIdElement().getIdPart() == null) {
      resource.setId(ids.newId());
    }
    return s.type() + "/" + resource.getIdElement().getIdPart();
  }

  /** Rewrites references to entries and resolves conditional references ({@code Patient?identifier=…}). */
  private Void rewriteReferences(FhirTransaction tx, Resource resource, Map<String, String> targets, String where) {
    for (Reference reference : references.of(resource)) {
      String value = reference.getReference();
      if (value == null || value.isEmpty()) {
        continue;
      }
      // HAPI links references to the Bundle's own entries while parsing; the encoder would then
      // contain those resources. The stored reference must be the plain rewritten string.
      reference.setResource(null);
      if (value.startsWith("#")) {
        continue;
      }
      String target = targets.get(value);
      if (target != null) {
        reference.setReference(target);
      } else if (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:")) {
        throw new FhirException(ErrorCode.INVALID_REQUEST,
            where + ": reference " + value + " is not the fullUrl of any entry", where + ".resource");
      } else if (value.indexOf('?') > 0 && !value.substring(0, value.indexOf('?')).contains("://")) {
        // Only the part before '?' tells an absolute URL; search values often hold URLs (system|value).
        reference.setReference(resolveConditional(tx, value, where));
      }
    }
    return null;
  }

  private String resolveConditional(FhirTransaction tx, String value, String where) {
    int q = value.indexOf('?');
    String type = value.substring(0, q);
    if (!registry.isResourceType(type)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          where + ": conditional reference names no known resource type", where + ".resource");
    }
    List<ResourceKey> matches = tx.match(searchParser.parseConditional(type, value.substring(q + 1)), 2);
    if (matches.isEmpty()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          where + ": conditional reference " + type + "?… matches no resource", where + ".resource");
    }
    if (matches.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES,
          where + ": conditional reference " + type + "?… matches more than one resource", where + ".resource");
    }
    return matches.get(0).toString();
  }

  private BundleJsonWriter.Entry execute(FhirTransaction tx, Step s, String base, FhirRequest.Return preferred) {
    BundleEntryRequestComponent request = s.entry().getRequest();
    Long ifMatch = FhirRequest.parseEtag(request.getIfMatch(), s.where() + ".request.ifMatch");
    Resource resource = s.entry().getResource();
    return switch (s.method()) {
      case "DELETE" -> {
        Optional<WriteResult> result = s.id() != null
            ? Optional.of(interactions.delete(tx, s.type(), s.id(), ifMatch))
            : interactions.conditionalDelete(tx, s.type(), s.query());
        yield new BundleJsonWriter.Entry(null, null, null, null, result
            .filter(r -> r.kind() == WriteResult.Kind.DELETED)
            .map(r -> new BundleJsonWriter.Response(Statuses.line(200), null, r.resource().etag(),
                r.resource().lastUpdated(), null))
            .orElse(new BundleJsonWriter.Response(Statuses.line(204), null, null, null, null)));
      }
      case "POST" -> written(interactions.create(tx, s.type(), resource, request.getIfNoneExist(), true),
          base, preferred);
      case "PUT" -> {
        if (s.id() != null) {
          if (resource.getIdElement().getIdPart() == null) {
            resource.setId(s.id());
          }
          yield written(interactions.update(tx, s.type(), s.id(), resource, ifMatch), base, preferred);
        }
        yield written(interactions.conditionalUpdate(tx, s.type(), s.query(), resource, ifMatch), base, preferred);
      }
      case "PATCH" -> {
        if (resource instanceof Parameters parameters) {
          yield written(interactions.fhirPathPatch(tx, s.type(), s.id(), parameters, ifMatch), base, preferred);
        }
        if (!(resource instanceof Binary binary) || binary.getContentType() == null
            || !Format.baseType(binary.getContentType()).equals("application/json-patch+json")) {
          throw new FhirException(ErrorCode.INVALID_REQUEST,
              "PATCH entries carry a FHIRPath Patch Parameters or a Binary of application/json-patch+json",
              s.where() + ".resource");
        }
        yield written(interactions.jsonPatch(tx, s.type(), s.id(), binary.getData(), ifMatch), base, preferred);
      }
      default -> get(tx, s, base);
    };
  }

  private BundleJsonWriter.Entry get(FhirTransaction tx, Step s, String base) {
    if (s.id() != null) {
      StoredResource stored = s.version() != null
          ? tx.vread(s.type(), s.id(), s.version()).orElseThrow(() -> FhirException.notFound(s.type(), s.id()))
          : tx.read(s.type(), s.id()).orElseThrow(() -> FhirException.notFound(s.type(), s.id()));
      if (stored.deleted()) {
        throw ResourceInteractions.gone(s.type(), s.id());
      }
      return new BundleJsonWriter.Entry(SearchInteraction.fullUrl(base, stored), stored.json(), null, null,
          new BundleJsonWriter.Response(Statuses.line(200), null, stored.etag(), stored.lastUpdated(), null));
    }
    SearchInteraction.Page page = search.parse(s.type(), null, FhirRequest.parseQuery(s.query()), false, s.type());
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    search.write(new BundleJsonWriter(nested), page, search.run(tx, page), base, null);
    return new BundleJsonWriter.Entry(null, nested.toByteArray(), null, null,
        new BundleJsonWriter.Response(Statuses.line(200), null, null, null, null));
  }

  private BundleJsonWriter.Entry written(WriteResult result, String base, FhirRequest.Return preferred) {
    StoredResource r = result.resource();
    int status = result.kind() == WriteResult.Kind.CREATED ? 201 : 200;
    String location = base + "/" + r.type() + "/" + r.id() + "/_history/" + r.versionId();
    byte[] body = preferred == FhirRequest.Return.REPRESENTATION ? r.json() : null;
    byte[] outcome = preferred == FhirRequest.Return.OPERATION_OUTCOME
        ? search.encodeOutcome(List.of(new Issue("information", "informational", Statuses.line(status), null)))
        : null;
    return new BundleJsonWriter.Entry(body == null ? null : SearchInteraction.fullUrl(base, r), body, null, null,
        new BundleJsonWriter.Response(Statuses.line(status), location, r.etag(), r.lastUpdated(), outcome));
  }
}
