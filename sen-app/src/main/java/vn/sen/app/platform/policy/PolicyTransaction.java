package vn.sen.app.platform.policy;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * One unit of work on a subject's behalf: each write is checked against the subject's role and scopes
 * here, labelled for sensitivity, and held by the store to the patients the subject may see; searches
 * and matches inside it see only what the subject may see.
 */
final class PolicyTransaction implements FhirTransaction {
  private final FhirTransaction tx;
  private final AccessSubject subject;
  private final AccessFilter filter;
  private final PolicyEnforcingRepository edge;

  PolicyTransaction(FhirTransaction tx, AccessSubject subject, AccessFilter filter, PolicyEnforcingRepository edge) {
    this.tx = tx;
    this.subject = subject;
    this.filter = filter;
    this.edge = edge;
  }

  @Override
  public WriteResult create(Resource resource, @Nullable SearchQuery ifNoneExist) {
    checkWritable(resource.fhirType(), 'c', resource);
    edge.labels().label(resource);
    return tx.create(resource, ifNoneExist == null ? null : ifNoneExist.withAccess(filter));
  }

  @Override
  public WriteResult update(String type, String id, Resource resource, @Nullable Long ifMatchVersion) {
    checkWritable(type, 'u', resource);
    edge.labels().label(resource);
    return tx.update(type, id, resource, ifMatchVersion);
  }

  @Override
  public WriteResult delete(String type, String id, @Nullable Long ifMatchVersion) {
    checkWritable(type, 'd', null);
    return tx.delete(type, id, ifMatchVersion);
  }

  private void checkWritable(String type, char interaction, @Nullable Resource resource) {
    if (type.equals("AuditEvent")) {
      throw new FhirException(ErrorCode.FORBIDDEN, "The audit trail is written by Sen alone");
    }
    edge.policy().requireWrite(subject, type, interaction);
    if (resource instanceof Task task && CareAccessFacts.has(task.getCode(), SenCodes.ACCESS, "break-glass")) {
      throw new FhirException(ErrorCode.FORBIDDEN,
          "Emergency access is requested with Patient/[id]/$break-glass, which records the reason");
    }
  }

  @Override
  public Optional<StoredResource> readForUpdate(String type, String id) {
    edge.requireVisible(subject, type, id, "read");
    return tx.readForUpdate(type, id);
  }

  @Override
  public List<ResourceKey> match(SearchQuery criteria, int limit) {
    return tx.match(criteria.withAccess(filter), limit);
  }

  @Override
  public SearchResult search(SearchQuery query) {
    if (query.resourceType() != null) {
      edge.policy().requireRead(subject, query.resourceType());
    }
    return tx.search(query.withAccess(filter));
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    edge.requireVisible(subject, type, id, "read");
    return tx.read(type, id);
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long versionId) {
    edge.requireVisible(subject, type, id, "vread");
    return tx.vread(type, id, versionId);
  }
}
