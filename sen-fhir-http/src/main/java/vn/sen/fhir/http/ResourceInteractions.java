package vn.sen.fhir.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchQuery;

/**
 * The instance and type interactions of https://hl7.org/fhir/R4/http.html: read, vread, create,
 * update, patch, delete and their conditional forms. Writes take the unit of work they run in, so a
 * single request and a transaction Bundle share one implementation.
 */
final class ResourceInteractions {
  private final FhirRepository repository;
  private final SearchQueryParser searchParser;
  private final WriteCheck writeCheck;
  private final ResourceParser parser;
  private final ObjectMapper json = JsonTrees.MAPPER;
  private final FhirPathPatch fhirPathPatch;

  ResourceInteractions(FhirRepository repository, SearchQueryParser searchParser, WriteCheck writeCheck,
      ResourceParser parser) {
    this.repository = repository;
    this.searchParser = searchParser;
    this.writeCheck = writeCheck;
    this.parser = parser;
    this.fhirPathPatch = new FhirPathPatch(parser.context());
  }

  /** The current version; 404 if never created, 410 if deleted. */
  StoredResource read(String type, String id) {
    StoredResource stored = repository.read(type, id).orElseThrow(() -> FhirException.notFound(type, id));
    if (stored.deleted()) {
      throw gone(type, id);
    }
    return stored;
  }

  StoredResource vread(String type, String id, long versionId) {
    Optional<StoredResource> version = repository.vread(type, id, versionId);
    if (version.isEmpty()) {
      if (repository.read(type, id).isEmpty()) {
        throw FhirException.notFound(type, id);
      }
      throw new FhirException(ErrorCode.NOT_FOUND,
          "Resource " + type + "/" + id + " has no version " + versionId);
    }
    if (version.get().deleted()) {
      throw new FhirException(ErrorCode.GONE,
          "Version " + versionId + " of " + type + "/" + id + " is a deletion");
    }
    return version.get();
  }

  static FhirException gone(String type, String id) {
    return new FhirException(ErrorCode.GONE, "Resource " + type + "/" + id + " has been deleted");
  }

  /** {@code POST [type]}: the client's id is ignored unless {@code keepId} (transaction pre-assignment). */
  WriteResult create(FhirTransaction tx, String type, Resource resource, @Nullable String ifNoneExist,
      boolean keepId) {
    if (!keepId) {
      resource.setIdElement(null);
    }
    checkForWrite(type, resource);
    SearchQuery condition = ifNoneExist == null || ifNoneExist.isBlank()
        ? null
        : searchParser.parseConditional(type, ifNoneExist);
    return tx.create(resource, condition);
  }

  /** {@code PUT [type]/[id]}: the body's id must equal the URL's; creates when absent. */
  WriteResult update(FhirTransaction tx, String type, String id, Resource resource, @Nullable Long ifMatch) {
    String bodyId = resource.getIdElement().getIdPart();
    if (bodyId == null) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The resource in an update must have an id equal to the URL's id " + id, type + ".id");
    }
    if (!bodyId.equals(id)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The resource id " + bodyId + " differs from the URL's id " + id, type + ".id");
    }
    checkForWrite(type, resource);
    return tx.update(type, id, resource, ifMatch);
  }

  /** {@code PUT [type]?criteria}: no match creates, one match updates, several fail with 412. */
  WriteResult conditionalUpdate(FhirTransaction tx, String type, String criteria, Resource resource,
      @Nullable Long ifMatch) {
    List<ResourceKey> matches = tx.match(searchParser.parseConditional(type, criteria), 2);
    String bodyId = resource.getIdElement().getIdPart();
    if (matches.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES,
          "The conditional update criteria match more than one " + type);
    }
    if (matches.isEmpty()) {
      if (bodyId != null) {
        return update(tx, type, bodyId, resource, ifMatch);
      }
      checkForWrite(type, resource);
      return tx.create(resource, null);
    }
    String matchedId = matches.get(0).id();
    if (bodyId != null && !bodyId.equals(matchedId)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The resource id " + bodyId + " differs from the matched " + type + "/" + matchedId, type + ".id");
    }
    resource.setId(matchedId);
    return update(tx, type, matchedId, resource, ifMatch);
  }

  WriteResult delete(FhirTransaction tx, String type, String id, @Nullable Long ifMatch) {
    return tx.delete(type, id, ifMatch);
  }

  /** {@code DELETE [type]?criteria}: empty when nothing matched; several matches fail with 412. */
  Optional<WriteResult> conditionalDelete(FhirTransaction tx, String type, String criteria) {
    List<ResourceKey> matches = tx.match(searchParser.parseConditional(type, criteria), 2);
    if (matches.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES,
          "The conditional delete criteria match more than one " + type);
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(tx.delete(type, matches.get(0).id(), null));
  }

  /**
   * {@code PATCH [type]/[id]} with a JSON Patch (RFC 6902) applied to the stored JSON. The result is
   * parsed and checked like any write and stored only if the version read is still current.
   */
  WriteResult jsonPatch(FhirTransaction tx, String type, String id, byte[] patchBody, @Nullable Long ifMatch) {
    StoredResource current = currentForPatch(tx, type, id, ifMatch);
    JsonNode patch;
    try {
      patch = json.readTree(patchBody);
    } catch (IOException e) {
      throw FhirException.invalid("The JSON Patch body is not valid JSON");
    }
    if (patch == null || !patch.isArray()) {
      throw FhirException.invalid("A JSON Patch body must be an array of operations");
    }
    JsonNode patched;
    try {
      patched = JsonPatch.apply(patch, json.readTree(current.json()));
    } catch (InvalidJsonPatchException e) {
      throw FhirException.invalid("Invalid JSON Patch: " + e.getMessage());
    } catch (JsonPatchApplicationException e) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "The JSON Patch cannot be applied: " + e.getMessage());
    } catch (IOException e) {
      throw new FhirException(ErrorCode.INTERNAL, "Stored JSON of " + type + "/" + id + " is unreadable", e);
    }
    if (!patched.isObject()
        || !type.equals(patched.path("resourceType").asText(null))
        || !id.equals(patched.path("id").asText(null))) {
      throw FhirException.invalid("A patch must not change or remove the resourceType or id");
    }
    try {
      return storePatched(tx, type, id, json.writeValueAsBytes(patched), current);
    } catch (IOException e) {
      throw new FhirException(ErrorCode.INTERNAL, "Patched JSON could not be written", e);
    }
  }

  /**
   * {@code PATCH [type]/[id]} with a FHIRPath Patch Parameters resource, applied to the parsed stored
   * resource and then handled like a JSON Patch result.
   */
  WriteResult fhirPathPatch(FhirTransaction tx, String type, String id, Parameters patch, @Nullable Long ifMatch) {
    StoredResource current = currentForPatch(tx, type, id, ifMatch);
    Resource resource = parser.parseStored(current.json());
    fhirPathPatch.apply(resource, patch);
    if (!type.equals(resource.fhirType()) || !id.equals(resource.getIdElement().getIdPart())) {
      throw FhirException.invalid("A patch must not change or remove the resourceType or id");
    }
    return storePatched(tx, type, id, parser.encode(resource, Format.JSON, false), current);
  }

  private StoredResource currentForPatch(FhirTransaction tx, String type, String id, @Nullable Long ifMatch) {
    StoredResource current = tx.readForUpdate(type, id).orElseThrow(() -> FhirException.notFound(type, id));
    if (current.deleted()) {
      throw gone(type, id);
    }
    if (ifMatch != null && ifMatch != current.versionId()) {
      throw new FhirException(ErrorCode.PRECONDITION_FAILED,
          "If-Match names version " + ifMatch + " but " + type + "/" + id + " is at version " + current.versionId());
    }
    return current;
  }

  /** Parses the patched JSON strictly (a patch can produce anything), checks it, stores it if still current. */
  private WriteResult storePatched(FhirTransaction tx, String type, String id, byte[] patchedJson,
      StoredResource current) {
    Resource resource;
    try {
      resource = parser.parse(patchedJson, Format.JSON);
    } catch (FhirException e) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "The patched resource is invalid", e.issues());
    }
    checkForWrite(type, resource);
    return tx.update(type, id, resource, current.versionId());
  }

  /** Type matches the URL and the write check passes; error issues refuse the write with 422. */
  void checkForWrite(String type, Resource resource) {
    String actual = resource.fhirType();
    if (!Objects.equals(actual, type)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The resource is a " + actual + " but the URL names " + type, "resourceType");
    }
    String id = resource.getIdElement().getIdPart();
    if (id != null && !ResourceKey.isValidId(id)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "The resource id is not a valid FHIR id", type + ".id");
    }
    List<Issue> errors = new ArrayList<>();
    for (Issue issue : writeCheck.check(resource)) {
      if ("error".equals(issue.severity()) || "fatal".equals(issue.severity())) {
        errors.add(issue);
      }
    }
    if (!errors.isEmpty()) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE,
          "The " + type + " breaks " + errors.size() + " rule(s) of its definition", errors);
    }
  }
}
