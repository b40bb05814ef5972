package vn.sen.app.platform.audit;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who does what, from where and why, for one request: the edge fills it per request; the audit trail
 * copies it into every entry the request causes.
 *
 * @param who the authenticated actor
 * @param onBehalfOf the party the actor acts for, e.g. {@code Patient/x} for a caregiver, or null
 * @param purpose purpose of use, an HL7 v3 ActReason code ({@code TREAT}, {@code ETREAT}, {@code PATRQT}…)
 *     or null
 * @param reason a reason the actor stated (break-glass), or null
 * @param clientAddress the client's network address
 * @param userAgent the client's User-Agent header
 * @param requestId the request's id ({@code X-Request-Id}), to join with the server's logs
 * @param action the interaction the request asked for ({@code read}, {@code transaction}…), or null
 */
public record AuditContext(
    Actor who,
    @Nullable String onBehalfOf,
    @Nullable String purpose,
    @Nullable String reason,
    @Nullable String clientAddress,
    @Nullable String userAgent,
    @Nullable String requestId,
    @Nullable String action) {

  /** Sen itself (derived data written by module listeners, retention). */
  public static final AuditContext SYSTEM =
      new AuditContext(Actor.system("sen"), null, null, null, null, null, null, null);

  /**
   * @param name user name or client id
   * @param fhirUser the FHIR resource the user is ({@code Practitioner/p1}, {@code Patient/x}…), or null
   * @param roles role codes
   * @param organization the user's organisation ({@code Organization/o1}), or null
   * @param system a system client or Sen itself rather than a person
   */
  public record Actor(
      String name, @Nullable String fhirUser, Set<String> roles, @Nullable String organization, boolean system) {

    public Actor {
      roles = Set.copyOf(roles);
    }

    public static Actor system(String clientId) {
      return new Actor(clientId, null, Set.of(), null, true);
    }
  }
}
