package vn.sen.app.platform.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import vn.sen.app.platform.policy.AccessRecorder.AccessEvent;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.access.CheckedRead;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * The store as a user may see it: the edge every request on a user's behalf passes (the FHIR API, the
 * pages, module operations). Each call asks the {@link AccessPolicy} (role × scope), runs with the
 * subject's {@link AccessFilter} so that the store returns and writes only what the subject's care
 * relationships and the patients' consent allow, and records the access before the result leaves.
 * Without an authenticated subject nothing is served.
 */
public final class PolicyEnforcingRepository implements FhirRepository {
  private final FhirRepository store;
  private final AccessPolicy policy;
  private final Supplier<Optional<AccessSubject>> subjects;
  private final Function<AccessSubject, Set<String>> parties;
  private final AccessRecorder recorder;
  private final SensitivityLabels labels;
  private final AuditEventSource auditEvents;
  private final FirstEncounters firstEncounters;

  /**
   * @param store the unrestricted store
   * @param subjects the subject of the request being served
   * @param parties further references a subject acts as (its PractitionerRoles)
   * @param recorder where reads and denials are recorded
   * @param auditEvents the audit trail as FHIR AuditEvents
   * @param firstEncounters the one write that may open a record to its writer
   */
  public PolicyEnforcingRepository(FhirRepository store, AccessPolicy policy,
      Supplier<Optional<AccessSubject>> subjects, Function<AccessSubject, Set<String>> parties,
      AccessRecorder recorder, SensitivityLabels labels, AuditEventSource auditEvents,
      FirstEncounters firstEncounters) {
    this.store = store;
    this.policy = policy;
    this.subjects = subjects;
    this.parties = parties;
    this.recorder = recorder;
    this.labels = labels;
    this.auditEvents = auditEvents;
    this.firstEncounters = firstEncounters;
  }

  AccessSubject subject() {
    return subjects.get().orElseThrow(() -> new FhirException(ErrorCode.UNAUTHORIZED, "Sign in first"));
  }

  AccessFilter filter(AccessSubject s) {
    return policy.filter(s, s.system() ? Set.of() : parties.apply(s));
  }

  @Override
  public <T> T inTransaction(AccessFilter ignored, Work<T> work) {
    AccessSubject s = subject();
    AccessFilter f = filter(s);
    try {
      return store.inTransaction(f, tx -> work.run(new PolicyTransaction(tx, s, f, this)));
    } catch (FhirException e) {
      if (e.code() == ErrorCode.FORBIDDEN) {
        recorder.record(s, new AccessEvent("write", "denied", Set.of(), List.of(), null));
      }
      throw e;
    }
  }

  @Override
  public AccessCheck check(String type, String id, AccessFilter ignored) {
    AccessSubject s = subject();
    return store.check(type, id, filter(s));
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    AccessSubject s = subject();
    if (type.equals("AuditEvent")) {
      return auditRead(s, id);
    }
    if (!policy.mayRead(s, type)) {
      deny(s, "read", type, id);
    }
    // the visibility check and the read in one statement
    CheckedRead checked = store.read(type, id, filter(s));
    if (checked.check() == AccessCheck.HIDDEN) {
      deny(s, "read", type, id);
    }
    checked.resource().ifPresent(r -> recorder.record(s, event("read", List.of(r))));
    return checked.resource();
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long versionId) {
    AccessSubject s = subject();
    if (type.equals("AuditEvent")) {
      return versionId == 1 ? auditRead(s, id) : Optional.empty();
    }
    requireVisible(s, type, id, "vread");
    Optional<StoredResource> found = store.vread(type, id, versionId);
    found.ifPresent(r -> recorder.record(s, event("vread", List.of(r))));
    return found;
  }

  /**
   * Before a module operation runs on {@code type/id}: the subject may run it ({@link
   * AccessPolicy#mayRunOperation}) and sees the instance; the call is recorded. Returns the subject.
   */
  AccessSubject requireOperation(String name, String type, String id, boolean affectsState) {
    AccessSubject s = subject();
    String action = "$" + name;
    if (!policy.mayRunOperation(s, type, affectsState)) {
      deny(s, action, type, id);
    }
    requireVisible(s, type, id, action);
    Set<String> patients = type.equals("Patient") ? Set.of(id) : Set.of();
    recorder.record(s, new AccessEvent(action, "success", patients, List.of(type + "/" + id), null));
    return s;
  }

  /** 403 unless the subject may read the type and see this resource; an absent one falls through to 404. */
  void requireVisible(AccessSubject s, String type, String id, String action) {
    if (!policy.mayRead(s, type)) {
      deny(s, action, type, id);
    }
    AccessFilter f = filter(s);
    if (!f.unrestricted() && store.check(type, id, f) == AccessCheck.HIDDEN) {
      deny(s, action, type, id);
    }
  }

  private void deny(AccessSubject s, String action, String type, String id) {
    Set<String> patients = type.equals("Patient") ? Set.of(id) : Set.of();
    recorder.record(s, new AccessEvent(action, "denied", patients, List.of(type + "/" + id), null));
    throw AccessPolicy.forbidden();
  }

  @Override
  public SearchResult search(SearchQuery query) {
    AccessSubject s = subject();
    if ("AuditEvent".equals(query.resourceType())) {
      return auditSearch(s, query);
    }
    if (query.resourceType() != null) {
      if (!policy.mayRead(s, query.resourceType())) {
        recorder.record(s, new AccessEvent("search", "denied", Set.of(), List.of(query.resourceType()), null));
        throw AccessPolicy.forbidden();
      }
    }
    if (query.compartment() != null) {
      requireVisible(s, "Patient", query.compartment().id(), "everything");
    }
    SearchResult result = store.search(query.withAccess(filter(s)));
    recordSearch(s, query, result);
    return result;
  }

  @Override
  public HistoryResult history(HistoryQuery query) {
    AccessSubject s = subject();
    if (query.type() != null) {
      if (query.type().equals("AuditEvent")) {
        throw new FhirException(ErrorCode.NOT_FOUND, "The audit trail has no history: it is never changed");
      }
      if (query.id() != null) {
        requireVisible(s, query.type(), query.id(), "history");
      } else {
        policy.requireRead(s, query.type());
      }
    }
    HistoryResult result = store.history(query.withAccess(filter(s)));
    recorder.record(s, event("history", result.versions()));
    return result;
  }

  private Optional<StoredResource> auditRead(AccessSubject s, String id) {
    Optional<StoredResource> found;
    if (policy.mayAudit(s)) {
      found = auditEvents.read(id);
    } else {
      String own = s.roles().contains("patient") ? s.patient() : null;
      if (own == null) {
        deny(s, "read", "AuditEvent", id);
      }
      // a patient sees the events about their own record, masked; any other is as if it did not exist
      found = auditEvents.read(id, own);
    }
    found.ifPresent(r -> recorder.record(s, event("read", List.of(r))));
    return found;
  }

  private SearchResult auditSearch(AccessSubject s, SearchQuery query) {
    String onlyPatient = null;
    if (!policy.mayAudit(s)) {
      if (!s.roles().contains("patient") || s.patient() == null) {
        recorder.record(s, new AccessEvent("search", "denied", Set.of(), List.of("AuditEvent"), null));
        throw AccessPolicy.forbidden();
      }
      onlyPatient = s.patient();
    }
    SearchResult result = auditEvents.search(query, onlyPatient);
    recorder.record(s, event("search", returned(result)));
    return result;
  }


  SensitivityLabels labels() {
    return labels;
  }

  AccessPolicy policy() {
    return policy;
  }

  FirstEncounters firstEncounters() {
    return firstEncounters;
  }

  /**
   * Records what a read inside a unit of work ({@link PolicyTransaction}) returned: at once and on the
   * trail's own connection, so that the entry stays whether or not the unit of work commits.
   */
  void recordReturned(AccessSubject s, String action, List<StoredResource> returned) {
    recorder.record(s, event(action, returned));
  }

  /**
   * Records what a search returned, here or inside a unit of work ({@link PolicyTransaction}), as
   * {@code everything} for a compartment search over all types, else {@code search}.
   */
  void recordSearch(AccessSubject s, SearchQuery query, SearchResult result) {
    String action = query.compartment() != null && query.resourceType() == null ? "everything" : "search";
    recorder.record(s, event(action, returned(result)));
  }

  private static List<StoredResource> returned(SearchResult result) {
    List<StoredResource> returned = new ArrayList<>(result.entries().size());
    for (SearchMatch m : result.entries()) {
      returned.add(m.resource());
    }
    return returned;
  }

  private static AccessEvent event(String action, List<StoredResource> resources) {
    Set<String> patients = new LinkedHashSet<>();
    List<String> entities = new ArrayList<>(resources.size());
    for (StoredResource r : resources) {
      entities.add(r.type() + "/" + r.id() + "/_history/" + r.versionId());
      if (r.patient() != null) {
        patients.add(r.patient());
      } else if (r.type().equals("Patient")) {
        patients.add(r.id());
      }
    }
    return new AccessEvent(action, "success", patients, entities, null);
  }
}
