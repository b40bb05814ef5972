package vn.sen.app.platform.policy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
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
    @Nullable SearchQuery visibleMatch = ifNoneExist == null ? null : ifNoneExist.withAccess(filter);
    // the one write that may open a record to its writer: a first Encounter after Patient/$match
    Optional<String> opening = edge.firstEncounters().opens(subject, resource, filter.parties());
    WriteResult result = opening.isPresent()
        ? tx.createOpening(resource, opening.get(), visibleMatch)
        : tx.create(resource, visibleMatch);
    if (result.kind() == WriteResult.Kind.EXISTING) {
      // nothing was written, but the existing match is returned to the caller: that is a read
      edge.recordReturned(subject, "read", List.of(result.resource()));
    }
    return result;
  }

  @Override
  public WriteResult update(String type, String id, Resource resource, @Nullable Long ifMatchVersion) {
    if (resource instanceof Task task && isBreakGlass(task)) {
      // reviewing an emergency access (its status, notes, owner) is allowed; widening it is not
      edge.policy().requireWrite(subject, type, 'u');
      requireSameGrant(id, task);
    } else {
      checkWritable(type, 'u', resource);
    }
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
    if (resource instanceof Task task && isBreakGlass(task)) {
      throw breakGlassOnlyByOperation();
    }
  }

  private static boolean isBreakGlass(Task task) {
    return CareAccessFacts.has(task.getCode(), SenCodes.ACCESS, "break-glass");
  }

  private static FhirException breakGlassOnlyByOperation() {
    return new FhirException(ErrorCode.FORBIDDEN,
        "Emergency access is requested with Patient/[id]/$break-glass, which records the reason");
  }

  /** The stored Task already grants this access to this requester for this patient, at least as long. */
  private void requireSameGrant(String id, Task updated) {
    Task stored = tx.read("Task", id).filter(r -> !r.deleted())
        .map(r -> (Task) FhirContext.forR4Cached().newJsonParser()
            .parseResource(new String(r.json(), StandardCharsets.UTF_8)))
        .filter(PolicyTransaction::isBreakGlass)
        .orElseThrow(PolicyTransaction::breakGlassOnlyByOperation);
    boolean sameRequester = stored.getRequester().getReference() != null
        && stored.getRequester().getReference().equals(updated.getRequester().getReference());
    boolean samePatient = stored.getFor().getReference() != null
        && stored.getFor().getReference().equals(updated.getFor().getReference());
    Date storedEnd = stored.getRestriction().getPeriod().getEnd();
    Date newEnd = updated.getRestriction().getPeriod().getEnd();
    boolean notLonger = newEnd == null || storedEnd != null && !newEnd.after(storedEnd);
    if (!sameRequester || !samePatient || !notLonger) {
      throw breakGlassOnlyByOperation();
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
    SearchResult result = tx.search(query.withAccess(filter));
    edge.recordSearch(subject, query, result);
    return result;
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    edge.requireVisible(subject, type, id, "read");
    Optional<StoredResource> found = tx.read(type, id);
    found.ifPresent(r -> edge.recordReturned(subject, "read", List.of(r)));
    return found;
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long versionId) {
    edge.requireVisible(subject, type, id, "vread");
    Optional<StoredResource> found = tx.vread(type, id, versionId);
    found.ifPresent(r -> edge.recordReturned(subject, "vread", List.of(r)));
    return found;
  }
}
