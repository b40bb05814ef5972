package vn.sen.app.platform.policy;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking, as the policy needs it: built from the authenticated request (a user's token or session,
 * or a system client's token).
 *
 * @param subject user name or client id (for the audit trail)
 * @param system a system client acting for itself, not for a user
 * @param roles the user's role codes ({@code doctor}, {@code nurse}, … see {@link RolePermissions})
 * @param fhirUser the FHIR resource the user is, e.g. {@code Practitioner/p1}, {@code Patient/x},
 *     {@code RelatedPerson/c1}
 * @param organization the user's organisation, e.g. {@code Organization/o1}
 * @param patient for a patient user, their own Patient id; for another user, the patient a SMART app was
 *     launched for when the token's clinical scopes are all {@code patient/} ones (the policy then shows
 *     only that record)
 * @param scopes what the token's SMART scopes permit
 */
public record AccessSubject(
    String subject,
    boolean system,
    Set<String> roles,
    @Nullable String fhirUser,
    @Nullable String organization,
    @Nullable String patient,
    ScopeGrant scopes) {

  public AccessSubject {
    roles = Set.copyOf(roles);
  }

  /** What a token's scopes permit, per resource type and interaction ({@code c r u d s}). */
  @FunctionalInterface
  public interface ScopeGrant {
    /** No scope narrows the role (a page session). */
    ScopeGrant ALL = (type, interaction) -> true;

    boolean permits(String resourceType, char interaction);
  }
}
