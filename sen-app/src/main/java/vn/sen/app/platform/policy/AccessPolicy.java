package vn.sen.app.platform.policy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * The decision point: which interactions a subject may use on which types (role × SMART scope), and the
 * {@link AccessFilter} that holds its reads and writes to the patients it has a care relationship with,
 * within their consent.
 */
public final class AccessPolicy {
  private final RolePermissions permissions;
  private final Set<String> compartmentTypes;

  public AccessPolicy(RolePermissions permissions, SearchParameterRegistry registry) {
    this.permissions = permissions;
    Set<String> types = new TreeSet<>();
    types.add("Patient");
    for (String type : registry.resourceTypes()) {
      if (registry.forType(type).values().stream().anyMatch(SearchParamDef::patientCompartment)) {
        types.add(type);
      }
    }
    this.compartmentTypes = Set.copyOf(types);
  }

  /** Whether resources of {@code type} can belong to a patient's record. */
  public boolean isCompartmentType(String type) {
    return compartmentTypes.contains(type);
  }

  /** Fails with 403 unless the subject may read (or search) resources of {@code type}. */
  public void requireRead(AccessSubject s, String type) {
    if (!mayRead(s, type)) {
      throw forbidden();
    }
  }

  public boolean mayRead(AccessSubject s, String type) {
    if (!s.scopes().permits(type, 'r') && !s.scopes().permits(type, 's')) {
      return false;
    }
    if (s.system()) {
      return true;
    }
    RolePermissions.Grant g = permissions.of(s.roles());
    if (isCompartmentType(type)) {
      return g.compartmentRead() == null || g.compartmentRead().contains(type);
    }
    return g.outsideRead();
  }

  /** Fails with 403 unless the subject may use {@code interaction} ({@code c u d}) on {@code type}. */
  public void requireWrite(AccessSubject s, String type, char interaction) {
    if (!s.scopes().permits(type, interaction)) {
      throw forbidden();
    }
    if (s.system()) {
      return;
    }
    RolePermissions.Grant g = permissions.of(s.roles());
    boolean allowed = isCompartmentType(type)
        ? RolePermissions.writes(g.compartmentWrite(), type)
        : RolePermissions.writes(g.outsideWrite(), type);
    if (!allowed) {
      throw forbidden();
    }
  }

  /**
   * Whether the subject may run a module operation on an instance of {@code type} it can see: reading
   * the type is enough for one that changes nothing; one that writes needs a write scope on the type and a
   * role that writes anything in a patient's record (what the operation writes is Sen's, audited on the
   * subject's behalf).
   */
  public boolean mayRunOperation(AccessSubject s, String type, boolean affectsState) {
    if (!mayRead(s, type)) {
      return false;
    }
    if (!affectsState) {
      return true;
    }
    if (!s.scopes().permits(type, 'c') && !s.scopes().permits(type, 'u')) {
      return false;
    }
    return s.system() || !permissions.of(s.roles()).compartmentWrite().isEmpty();
  }

  /** Whether the subject may read the audit trail beyond its own record (auditors). */
  public boolean mayAudit(AccessSubject s) {
    return s.system() ? s.scopes().permits("AuditEvent", 'r') : permissions.of(s.roles()).audit()
        && !s.roles().contains("patient");
  }

  /** Whether the subject may open a record in an emergency without a relationship. */
  public boolean mayBreakGlass(AccessSubject s) {
    return !s.system() && s.fhirUser() != null && (s.roles().contains("doctor") || s.roles().contains("nurse"));
  }

  /**
   * The filter that holds the subject to what it may see.
   *
   * @param extraParties further references the subject acts as (e.g. its PractitionerRoles)
   */
  public AccessFilter filter(AccessSubject s, Set<String> extraParties) {
    if (s.system()) {
      return AccessFilter.UNRESTRICTED;
    }
    RolePermissions.Grant g = permissions.of(s.roles());
    Set<String> visible = new TreeSet<>();
    boolean all = true;
    for (String type : compartmentTypes) {
      boolean byRole = g.compartmentRead() == null || g.compartmentRead().contains(type);
      if (byRole && s.scopes().permits(type, 'r')) {
        visible.add(type);
      } else {
        all = false;
      }
    }
    Set<String> parties = new LinkedHashSet<>(extraParties);
    if (s.fhirUser() != null && !s.fhirUser().startsWith("Patient/")) {
      parties.add(s.fhirUser());
    }
    if (s.organization() != null) {
      parties.add(s.organization());
    }
    String own = s.roles().contains("patient") ? s.patient() : null;
    AccessFilter f = new AccessFilter(false, g.outsideRead(), all ? null : visible, own, parties, s.organization(),
        s.roles());
    // an app launched for one patient (SMART launch/patient, patient/ scopes) sees only that record
    return own == null && s.patient() != null ? f.onlyFor(s.patient()) : f;
  }

  static FhirException forbidden() {
    return new FhirException(ErrorCode.FORBIDDEN, "You are not allowed to do this");
  }
}
