package vn.sen.fhir.core.access;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one caller may see and write, applied by the store inside every statement it runs for the caller.
 * A resource in no patient compartment is visible when {@code outsideCompartments} allows it; a resource in
 * patient P's compartment is visible when its type is in {@code compartmentTypes} and either P is {@code
 * ownPatient}, or one of {@code parties} has a current {@link AccessFact.CareRelation} with P, P keeps no
 * {@link AccessFact.LocalOnly} record that excludes {@code organization}, and the resource carries no
 * security label P restricted ({@link AccessFact.LabelRestriction}) to roles the caller does not hold.
 *
 * @param unrestricted everything is visible (the system itself, or a system client with full scopes)
 * @param outsideCompartments resources in no patient compartment (directory, terminology) are visible
 * @param compartmentTypes resource types visible inside a patient compartment; null: all types
 * @param ownPatient the caller's own Patient id (a patient user), whose record is always visible
 * @param parties the caller's references that care relationships name ({@code Practitioner/p1},
 *     {@code PractitionerRole/r1}, {@code Organization/o1}, {@code RelatedPerson/c1})
 * @param organization the caller's organisation reference, for local-only records; null if none
 * @param roles the caller's role codes, for label restrictions
 * @param onlyPatient when set, only this patient's compartment can be visible at all (a SMART app launched
 *     for one patient with {@code patient/} scopes), and only as the rules above allow
 */
public record AccessFilter(
    boolean unrestricted,
    boolean outsideCompartments,
    @Nullable Set<String> compartmentTypes,
    @Nullable String ownPatient,
    Set<String> parties,
    @Nullable String organization,
    Set<String> roles,
    @Nullable String onlyPatient) {

  /** Sees everything: the system acting for itself. */
  public static final AccessFilter UNRESTRICTED =
      new AccessFilter(true, true, null, null, Set.of(), null, Set.of(), null);

  public AccessFilter {
    compartmentTypes = compartmentTypes == null ? null : Set.copyOf(compartmentTypes);
    parties = Set.copyOf(parties);
    roles = Set.copyOf(roles);
  }

  /** Without a launch patient. */
  public AccessFilter(boolean unrestricted, boolean outsideCompartments, @Nullable Set<String> compartmentTypes,
      @Nullable String ownPatient, Set<String> parties, @Nullable String organization, Set<String> roles) {
    this(unrestricted, outsideCompartments, compartmentTypes, ownPatient, parties, organization, roles, null);
  }

  /** The same, narrowed to the compartment of {@code patient}. */
  public AccessFilter onlyFor(String patient) {
    return new AccessFilter(unrestricted, outsideCompartments, compartmentTypes, ownPatient, parties, organization,
        roles, patient);
  }

  /** Whether a resource of {@code type} may be visible at all inside a patient compartment. */
  public boolean mayCompartmentType(String type) {
    return unrestricted || compartmentTypes == null || compartmentTypes.contains(type);
  }
}
