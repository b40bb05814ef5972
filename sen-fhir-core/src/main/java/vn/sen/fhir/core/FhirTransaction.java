package vn.sen.fhir.core;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * The operations of one unit of work: everything done through one instance commits together or not
 * at all. Resources passed in have been parsed and checked; the repository assigns ids, versions and
 * {@code meta.lastUpdated}, and writes them back into the passed resource.
 */
public interface FhirTransaction {

  /**
   * Creates a resource. The id already set on {@code resource} is used when present (the HTTP adapter
   * clears client-sent ids on POST; transaction processing pre-assigns ids so that {@code urn:uuid:}
   * references can be rewritten before anything is written); otherwise the repository's {@link
   * IdGenerator} assigns one. Fails with {@link ErrorCode#CONFLICT} if that id exists. With {@code
   * ifNoneExist}, returns the single
   * existing match instead ({@link WriteResult.Kind#EXISTING}); several matches fail with {@link
   * ErrorCode#MULTIPLE_MATCHES}.
   */
  WriteResult create(Resource resource, @Nullable SearchQuery ifNoneExist);

  /**
   * Creates a resource that opens a patient's record to the one who writes it, which {@link #create} refuses
   * (a write cannot open a record to its writer): the access policy has decided that this one write may, e.g.
   * a first Encounter at the writer's own organisation for a patient it has just identified. The resource
   * must belong to {@code patient}'s compartment, else {@link ErrorCode#FORBIDDEN}. With {@code ifNoneExist}, a
   * match answers instead, as in {@link #create}. Stores that hold no access facts refuse it.
   */
  default WriteResult createOpening(Resource resource, String patient, @Nullable SearchQuery ifNoneExist) {
    throw new FhirException(ErrorCode.FORBIDDEN, "Writing " + resource.fhirType() + " is not allowed here");
  }

  /**
   * Updates {@code type/id}, creating it when absent (update-as-create, client-assigned id).
   * With {@code ifMatchVersion}, fails with {@link ErrorCode#PRECONDITION_FAILED} unless that is the
   * current version. Concurrent updates of one resource are serialised: no version is lost.
   */
  WriteResult update(String type, String id, Resource resource, @Nullable Long ifMatchVersion);

  /** Deletes {@code type/id}, keeping its history. */
  WriteResult delete(String type, String id, @Nullable Long ifMatchVersion);

  /** The current version, including a deletion marker, locked against concurrent writers until commit. */
  Optional<StoredResource> readForUpdate(String type, String id);

  /** Ids of current resources matching a search, at most {@code limit}; for conditional operations. */
  List<ResourceKey> match(SearchQuery criteria, int limit);

  /** Search inside the unit of work (sees its own writes). */
  SearchResult search(SearchQuery query);

  /** Read inside the unit of work. */
  Optional<StoredResource> read(String type, String id);

  /** Version read inside the unit of work. */
  Optional<StoredResource> vread(String type, String id, long versionId);
}
