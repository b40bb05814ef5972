package vn.sen.fhir.http;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchResult;

/**
 * One method per REST interaction: converts the HTTP request, calls the interaction, writes the
 * result. Holds no state of its own beyond the cached CapabilityStatement.
 */
final class FhirEndpoints {
  private final FhirRepository repository;
  private final FhirHttpSettings settings;
  private final ResourceParser parser;
  private final ResourceInteractions interactions;
  private final SearchInteraction search;
  private final HistoryInteraction history;
  private final BundleProcessor bundles;
  private final CapabilityStatementFactory capabilities;
  private final ValidateOperation validation;
  private volatile byte @Nullable [] capabilityJson;
  /** How many CapabilityStatements with security described (one per token endpoint URL) are kept. */
  private static final int MAX_DESCRIPTIONS = 16;
  private volatile @Nullable Supplier<CapabilitySecurity> security;
  private final Map<String, byte[]> capabilityBySecurity = new ConcurrentHashMap<>();

  FhirEndpoints(FhirRepository repository, SearchParameterRegistry registry, SearchQueryParser searchParser,
      WriteCheck writeCheck, IdGenerator ids, FhirHttpSettings settings, List<FhirOperation> operations) {
    this.repository = repository;
    this.settings = settings;
    this.parser = new ResourceParser(registry.context());
    this.interactions = new ResourceInteractions(repository, searchParser, writeCheck, parser);
    this.search = new SearchInteraction(repository, searchParser, parser);
    this.history = new HistoryInteraction(repository);
    this.bundles = new BundleProcessor(repository, interactions, search, searchParser, registry, ids, parser);
    this.capabilities = new CapabilityStatementFactory(registry, operations);
    this.validation = new ValidateOperation(registry.context());
  }

  ResponseWriter writer(FhirRequest request, HttpServletResponse response) {
    return new ResponseWriter(request, response, parser);
  }

  void read(FhirRequest r, ResponseWriter w, String type, String id) {
    StoredResource stored = interactions.read(type, id);
    if (notModified(r, stored)) {
      w.notModified(stored);
      return;
    }
    w.stored(stored, 200, readSubsetting(r));
  }

  void vread(FhirRequest r, ResponseWriter w, String type, String id, long version) {
    StoredResource stored = interactions.vread(type, id, version);
    if (notModified(r, stored)) {
      w.notModified(stored);
      return;
    }
    w.stored(stored, 200, readSubsetting(r));
  }

  private static Subsetting readSubsetting(FhirRequest r) {
    Subsetting s = Subsetting.from(r.param("_summary"), r.param("_elements"));
    return s.summary() == Subsetting.Summary.COUNT ? Subsetting.NONE : s;
  }

  /** {@code If-None-Match} with the current ETag, or {@code If-Modified-Since} not before lastUpdated. */
  private static boolean notModified(FhirRequest r, StoredResource stored) {
    String ifNoneMatch = r.header("If-None-Match");
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || t.equals(stored.etag()) || t.equals("\"" + stored.versionId() + "\"")) {
          return true;
        }
      }
      return false;
    }
    String ifModifiedSince = r.header("If-Modified-Since");
    if (ifModifiedSince != null) {
      try {
        Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return !stored.lastUpdated().truncatedTo(ChronoUnit.SECONDS).isAfter(since);
      } catch (DateTimeParseException e) {
        // RFC 9110: an invalid If-Modified-Since is ignored.
        return false;
      }
    }
    return false;
  }

  void create(FhirRequest r, ResponseWriter w, String type) {
    Resource resource = parser.parse(r.requiredBody(), r.bodyFormat());
    String ifNoneExist = r.header("If-None-Exist");
    WriteResult result = repository.inTransaction(tx -> interactions.create(tx, type, resource, ifNoneExist, false));
    boolean existing = result.kind() == WriteResult.Kind.EXISTING;
    w.written(result, existing ? 200 : 201, existing ? "A matching " + type + " already exists" : "Created");
  }

  void update(FhirRequest r, ResponseWriter w, String type, String id) {
    Resource resource = parser.parse(r.requiredBody(), r.bodyFormat());
    Long ifMatch = r.ifMatchVersion();
    WriteResult result = repository.inTransaction(tx -> interactions.update(tx, type, id, resource, ifMatch));
    writeUpdate(w, result);
  }

  void conditionalUpdate(FhirRequest r, ResponseWriter w, String type) {
    if (!r.hasQuery()) {
      throw new FhirException(ErrorCode.METHOD_NOT_ALLOWED,
          "PUT on a type needs search criteria (conditional update) or an id in the URL");
    }
    Resource resource = parser.parse(r.requiredBody(), r.bodyFormat());
    Long ifMatch = r.ifMatchVersion();
    String criteria = r.rawQuery();
    WriteResult result = repository.inTransaction(
        tx -> interactions.conditionalUpdate(tx, type, criteria, resource, ifMatch));
    writeUpdate(w, result);
  }

  private static void writeUpdate(ResponseWriter w, WriteResult result) {
    boolean created = result.kind() == WriteResult.Kind.CREATED;
    w.written(result, created ? 201 : 200, created ? "Created" : "Updated");
  }

  void delete(FhirRequest r, ResponseWriter w, String type, String id) {
    Long ifMatch = r.ifMatchVersion();
    WriteResult result = repository.inTransaction(tx -> interactions.delete(tx, type, id, ifMatch));
    w.written(result, 200, result.kind() == WriteResult.Kind.DELETED
        ? "Deleted " + type + "/" + id
        : type + "/" + id + " did not exist or was already deleted");
  }

  void conditionalDelete(FhirRequest r, ResponseWriter w, String type) {
    if (!r.hasQuery()) {
      throw new FhirException(ErrorCode.METHOD_NOT_ALLOWED,
          "DELETE on a type needs search criteria (conditional delete) or an id in the URL");
    }
    String criteria = r.rawQuery();
    Optional<WriteResult> result = repository.inTransaction(tx -> interactions.conditionalDelete(tx, type, criteria));
    if (result.isPresent()) {
      w.written(result.get(), 200, "Deleted " + result.get().resource().key());
    } else {
      w.resource(Outcomes.information("No " + type + " matched; nothing was deleted"), 200);
    }
  }

  /** JSON Patch ({@code application/json-patch+json}) or FHIRPath Patch (a Parameters resource). */
  void patch(FhirRequest r, ResponseWriter w, String type, String id) {
    String contentType = r.contentType();
    Long ifMatch = r.ifMatchVersion();
    WriteResult result;
    if ("application/json-patch+json".equals(contentType)) {
      byte[] body = r.requiredBody();
      result = repository.inTransaction(tx -> interactions.jsonPatch(tx, type, id, body, ifMatch));
    } else if (contentType != null && Format.fromMediaType(contentType).isPresent()) {
      Resource body = parser.parse(r.requiredBody(), r.bodyFormat());
      if (!(body instanceof Parameters parameters)) {
        throw new FhirException(ErrorCode.INVALID_REQUEST,
            "A FHIRPath Patch body must be a Parameters resource, not a " + body.fhirType(), "resourceType");
      }
      result = repository.inTransaction(tx -> interactions.fhirPathPatch(tx, type, id, parameters, ifMatch));
    } else {
      throw new FhirException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "PATCH takes application/json-patch+json (JSON Patch) or a FHIR Parameters resource (FHIRPath Patch)");
    }
    w.written(result, 200, "Patched");
  }

  /** Type, system ({@code type == null}) or compartment search, by GET or by POST {@code _search}. */
  void search(FhirRequest r, ResponseWriter w, @Nullable String type, @Nullable ResourceKey compartment,
      boolean post) {
    List<Map.Entry<String, String>> params = new ArrayList<>(r.params());
    if (post) {
      String contentType = r.contentType();
      if (contentType != null && !contentType.equals("application/x-www-form-urlencoded")) {
        throw new FhirException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "POST _search takes application/x-www-form-urlencoded parameters");
      }
      params.addAll(FhirRequest.parseQuery(new String(r.body(), StandardCharsets.UTF_8)));
    }
    String linkPath = compartment != null ? compartment + "/" + type : type == null ? "" : type;
    SearchInteraction.Page page = search.parse(type, compartment, params,
        r.strictHandling(settings.strictByDefault()), linkPath);
    SearchResult result = search.run(page);
    w.bundle(200, out -> search.write(out, page, result, r.baseUrl(), null));
  }

  /** {@code Patient/[id]/$everything}: the patient, then its compartment, paged. */
  void everything(FhirRequest r, ResponseWriter w, String id) {
    StoredResource patient = interactions.read("Patient", id);
    List<Map.Entry<String, String>> params = new ArrayList<>();
    for (Map.Entry<String, String> p : r.params()) {
      switch (p.getKey()) {
        case "_since" -> params.add(Map.entry("_lastUpdated",
            "ge" + HistoryInteraction.instant("_since", p.getValue())));
        case "_type", "_count", "_offset", "_format", "_pretty", "_summary", "_elements" -> params.add(p);
        default -> {}
      }
    }
    ResourceKey compartment = new ResourceKey("Patient", id);
    SearchInteraction.Page page = search.parse(null, compartment, params, false, "Patient/" + id + "/$everything");
    SearchResult result = search.run(page);
    StoredResource first = page.query().offset() == 0 ? patient : null;
    w.bundle(200, out -> search.write(out, page, result, r.baseUrl(), first));
  }

  void history(FhirRequest r, ResponseWriter w, @Nullable String type, @Nullable String id) {
    HistoryQuery query = history.parse(type, id, r.params());
    if (id != null && type != null && repository.read(type, id).isEmpty()) {
      throw FhirException.notFound(type, id);
    }
    var result = history.run(query);
    w.bundle(200, out -> history.write(out, query, result, r.baseUrl()));
  }

  void bundle(FhirRequest r, ResponseWriter w) {
    Resource resource = parser.parse(r.requiredBody(), r.bodyFormat());
    if (!(resource instanceof Bundle bundle)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "POST to the base URL takes a transaction or batch Bundle, not a " + resource.fhirType(), "resourceType");
    }
    FhirRequest.Return preferred = r.preferredReturn();
    String base = r.baseUrl();
    // The Bundle is processed (and a transaction committed) before anything is sent, so a failure
    // still becomes a clean error response.
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    bundles.process(bundle, base, preferred, new BundleJsonWriter(json));
    w.json(json.toByteArray(), 200);
  }

  void metadata(FhirRequest r, ResponseWriter w) {
    Supplier<CapabilitySecurity> asked = security;
    if (asked != null) {
      CapabilitySecurity described = asked.get();
      if (capabilityBySecurity.size() > MAX_DESCRIPTIONS) {
        capabilityBySecurity.clear(); // a client sending ever new Host headers keeps no memory
      }
      w.json(capabilityBySecurity.computeIfAbsent(described.key(), key -> {
        CapabilityStatement cs = capabilities.build(settings.publicBaseUrl());
        described.describe(cs.getRestFirstRep().getSecurity());
        return parser.encode(cs, Format.JSON, false);
      }), 200);
      return;
    }
    byte[] json = capabilityJson;
    if (json == null) {
      json = parser.encode(capabilities.build(settings.publicBaseUrl()), Format.JSON, false);
      capabilityJson = json;
    }
    w.json(json, 200);
  }

  void describeSecurity(Supplier<CapabilitySecurity> described) {
    security = described;
    capabilityBySecurity.clear();
  }

  /** A domain module's operation: input from the body (POST) or the query string (GET). */
  void operation(FhirRequest r, ResponseWriter w, FhirOperation op, String id, boolean get) {
    Parameters input;
    if (get) {
      input = new Parameters();
      for (Map.Entry<String, String> p : r.params()) {
        if (!p.getKey().startsWith("_")) {
          input.addParameter(p.getKey(), p.getValue());
        }
      }
    } else {
      Resource body = parser.parse(r.requiredBody(), r.bodyFormat());
      if (!(body instanceof Parameters parameters)) {
        throw new FhirException(ErrorCode.INVALID_REQUEST,
            "$" + op.name() + " takes a Parameters resource, not " + body.fhirType(), "resourceType");
      }
      input = parameters;
    }
    w.resource(op.invoke(id, input), 200);
  }

  void validate(FhirRequest r, ResponseWriter w, String type, @Nullable String id) {
    w.resource(validation.validate(type, r.requiredBody(), r.bodyFormat(), parser), 200);
  }
}
