package vn.sen.fhir.http;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.TotalMode;

/**
 * A test twin of the store for the HTTP tests: CRUD, versions, history and transactions (work runs on
 * a copy of the state that replaces it only on success). Search understands only {@code _id}, {@code
 * identifier} (token), types, the Patient compartment (any {@code reference} to the patient) and
 * paging; the real search is tested in sen-app against PostgreSQL.
 */
final class InMemoryFhirRepository implements FhirRepository {
  private final FhirContext context;
  private final IdGenerator ids;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private State state = new State(new LinkedHashMap<>(), new ArrayList<>());
  private Instant last = Instant.EPOCH;

  private record State(Map<ResourceKey, List<StoredResource>> versions, List<StoredResource> log) {
    State copy() {
      Map<ResourceKey, List<StoredResource>> v = new LinkedHashMap<>();
      versions.forEach((k, list) -> v.put(k, new ArrayList<>(list)));
      return new State(v, new ArrayList<>(log));
    }
  }

  InMemoryFhirRepository(FhirContext context, IdGenerator ids, Clock clock) {
    this.context = context;
    this.ids = ids;
    this.clock = clock;
  }

  /** The twin enforces no access filter: the HTTP adapter's tests run as an unrestricted caller. */
  @Override
  public synchronized <T> T inTransaction(vn.sen.fhir.core.access.AccessFilter filter, Work<T> work) {
    State working = state.copy();
    T result = work.run(new Tx(working));
    state = working;
    return result;
  }

  @Override
  public synchronized vn.sen.fhir.core.access.AccessCheck check(String type, String id,
      vn.sen.fhir.core.access.AccessFilter filter) {
    return read(type, id).isPresent() ? vn.sen.fhir.core.access.AccessCheck.VISIBLE
        : vn.sen.fhir.core.access.AccessCheck.ABSENT;
  }

  @Override
  public synchronized Optional<StoredResource> read(String type, String id) {
    return new Tx(state).read(type, id);
  }

  @Override
  public synchronized Optional<StoredResource> vread(String type, String id, long versionId) {
    return new Tx(state).vread(type, id, versionId);
  }

  @Override
  public synchronized SearchResult search(SearchQuery query) {
    return new Tx(state).search(query);
  }

  @Override
  public synchronized HistoryResult history(HistoryQuery q) {
    List<StoredResource> matching = new ArrayList<>();
    for (StoredResource v : state.log()) {
      if ((q.type() == null || v.type().equals(q.type())) && (q.id() == null || v.id().equals(q.id()))
          && (q.since() == null || !v.lastUpdated().isBefore(q.since()))
          && (q.at() == null || !v.lastUpdated().isAfter(q.at()))) {
        matching.add(v);
      }
    }
    matching.sort(Comparator.comparing(StoredResource::lastUpdated).reversed());
    int from = Math.min(q.offset(), matching.size());
    int to = Math.min(from + q.count(), matching.size());
    return new HistoryResult(List.copyOf(matching.subList(from, to)), (long) matching.size(), to < matching.size());
  }

  private Instant tick() {
    Instant now = clock.instant();
    if (!now.isAfter(last)) {
      now = last.plusMillis(1);
    }
    last = now;
    return now;
  }

  private final class Tx implements FhirTransaction {
    private final State s;

    Tx(State s) {
      this.s = s;
    }

    private StoredResource store(String type, String id, Resource resource) {
      List<StoredResource> list = s.versions().computeIfAbsent(new ResourceKey(type, id), k -> new ArrayList<>());
      long version = list.isEmpty() ? 1 : list.get(list.size() - 1).versionId() + 1;
      Instant now = tick();
      resource.setId(id);
      resource.getMeta().setVersionId(Long.toString(version));
      resource.getMeta().setLastUpdated(Date.from(now));
      byte[] bytes = context.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
      StoredResource stored = new StoredResource(type, id, version, now, false, bytes);
      list.add(stored);
      s.log().add(stored);
      return stored;
    }

    @Override
    public WriteResult create(Resource resource, @Nullable SearchQuery ifNoneExist) {
      String type = resource.fhirType();
      if (ifNoneExist != null) {
        List<ResourceKey> found = match(ifNoneExist, 2);
        if (found.size() > 1) {
          throw new FhirException(ErrorCode.MULTIPLE_MATCHES, "If-None-Exist matches several " + type);
        }
        if (found.size() == 1) {
          return new WriteResult(read(type, found.get(0).id()).orElseThrow(), WriteResult.Kind.EXISTING);
        }
      }
      String id = resource.getIdElement().getIdPart();
      if (id == null) {
        id = ids.newId();
      } else if (s.versions().containsKey(new ResourceKey(type, id))) {
        throw new FhirException(ErrorCode.CONFLICT, type + "/" + id + " already exists");
      }
      return new WriteResult(store(type, id, resource), WriteResult.Kind.CREATED);
    }

    @Override
    public WriteResult update(String type, String id, Resource resource, @Nullable Long ifMatchVersion) {
      Optional<StoredResource> current = read(type, id);
      if (ifMatchVersion != null && (current.isEmpty() || current.get().versionId() != ifMatchVersion)) {
        throw new FhirException(ErrorCode.PRECONDITION_FAILED, "Version " + ifMatchVersion + " is not current");
      }
      boolean created = current.isEmpty() || current.get().deleted();
      return new WriteResult(store(type, id, resource), created ? WriteResult.Kind.CREATED : WriteResult.Kind.UPDATED);
    }

    @Override
    public WriteResult delete(String type, String id, @Nullable Long ifMatchVersion) {
      Optional<StoredResource> current = read(type, id);
      if (current.isEmpty() || current.get().deleted()) {
        return new WriteResult(current.orElse(new StoredResource(type, id, 0, Instant.EPOCH, true, new byte[0])),
            WriteResult.Kind.NOTHING_TO_DELETE);
      }
      if (ifMatchVersion != null && current.get().versionId() != ifMatchVersion) {
        throw new FhirException(ErrorCode.PRECONDITION_FAILED, "Version " + ifMatchVersion + " is not current");
      }
      StoredResource marker = new StoredResource(type, id, current.get().versionId() + 1, tick(), true, new byte[0]);
      s.versions().get(new ResourceKey(type, id)).add(marker);
      s.log().add(marker);
      return new WriteResult(marker, WriteResult.Kind.DELETED);
    }

    @Override
    public Optional<StoredResource> readForUpdate(String type, String id) {
      return read(type, id);
    }

    @Override
    public List<ResourceKey> match(SearchQuery criteria, int limit) {
      return search(criteria.withPage(limit, 0)).entries().stream().map(m -> m.resource().key()).toList();
    }

    @Override
    public SearchResult search(SearchQuery q) {
      List<StoredResource> matches = new ArrayList<>();
      for (List<StoredResource> versions : s.versions().values()) {
        StoredResource current = versions.get(versions.size() - 1);
        if (!current.deleted() && matches(current, q)) {
          matches.add(current);
        }
      }
      Long total = q.total() == TotalMode.NONE ? null : (long) matches.size();
      if (q.summaryCount()) {
        return new SearchResult(List.of(), total, false);
      }
      int from = Math.min(q.offset(), matches.size());
      int to = Math.min(from + q.count(), matches.size());
      List<SearchMatch> page = matches.subList(from, to).stream().map(r -> new SearchMatch(r, false)).toList();
      return new SearchResult(page, total, to < matches.size());
    }

    @Override
    public Optional<StoredResource> read(String type, String id) {
      List<StoredResource> list = s.versions().get(new ResourceKey(type, id));
      return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public Optional<StoredResource> vread(String type, String id, long versionId) {
      List<StoredResource> list = s.versions().get(new ResourceKey(type, id));
      if (list == null) {
        return Optional.empty();
      }
      return list.stream().filter(v -> v.versionId() == versionId).findFirst();
    }
  }

  private boolean matches(StoredResource r, SearchQuery q) {
    if (q.resourceType() != null && !q.resourceType().equals(r.type())) {
      return false;
    }
    if (q.resourceType() == null && !q.types().isEmpty() && !q.types().contains(r.type())) {
      return false;
    }
    JsonNode node = tree(r.json());
    if (q.compartment() != null && !inCompartment(r, node, q.compartment())) {
      return false;
    }
    for (Criterion c : q.criteria()) {
      if (!(c instanceof Criterion.Param p)) {
        throw unsupported("chains");
      }
      boolean any = false;
      for (SearchArg arg : p.anyOf()) {
        if (!(arg instanceof SearchArg.Token token)) {
          throw unsupported("non-token values");
        }
        any |= switch (p.param().code()) {
          case "_id" -> r.id().equals(token.code());
          case "identifier" -> hasIdentifier(node, token);
          default -> throw unsupported(p.param().code());
        };
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** A 400, so that the fuzz test can tell the twin's limits from server errors. */
  private static FhirException unsupported(String what) {
    return FhirException.invalid("The in-memory test repository cannot search " + what);
  }

  private static boolean hasIdentifier(JsonNode node, SearchArg.Token token) {
    for (JsonNode identifier : node.path("identifier")) {
      boolean system = token.system() == null || token.system().equals(identifier.path("system").asText(null));
      boolean code = token.code() == null || token.code().equals(identifier.path("value").asText(null));
      if (system && code) {
        return true;
      }
    }
    return false;
  }

  private static boolean inCompartment(StoredResource r, JsonNode node, ResourceKey patient) {
    if (r.key().equals(patient)) {
      return true;
    }
    return !node.findValues("reference").stream()
        .filter(v -> v.asText("").equals(patient.toString()))
        .toList()
        .isEmpty();
  }

  private JsonNode tree(byte[] bytes) {
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
