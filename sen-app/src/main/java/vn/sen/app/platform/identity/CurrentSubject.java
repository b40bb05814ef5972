package vn.sen.app.platform.identity;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import vn.sen.app.platform.policy.AccessSubject;
import vn.sen.app.platform.policy.AccessSubject.ScopeGrant;

/**
 * The subject of the request being served, as the access policy needs it: from the bearer token of an API
 * request, or from the signed-in user of a page session (whose pages are not narrowed by scopes). Empty for
 * an anonymous request.
 *
 * <p>A token without a user ({@code sub} is the client itself, as client credentials give) is a system
 * subject. For an external issuer, roles come from the configured roles claim.
 */
public final class CurrentSubject implements Supplier<Optional<AccessSubject>> {
  /** Subjects of recent tokens: a token's claims never change, so neither does its subject. */
  private static final int REMEMBERED = 4096;

  private final UserAccounts users;
  private final String rolesClaim;
  private final ConcurrentHashMap<String, AccessSubject> byToken = new ConcurrentHashMap<>();

  public CurrentSubject(UserAccounts users, IdentityProperties properties) {
    this.users = users;
    this.rolesClaim = properties.rolesClaim();
  }

  @Override
  public Optional<AccessSubject> get() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return Optional.empty();
    }
    if (authentication instanceof JwtAuthenticationToken token) {
      return Optional.of(remembered(token.getToken()));
    }
    return users.find(authentication.getName()).filter(UserAccount::enabled).map(user -> new AccessSubject(
        user.username(), false, user.roles(), user.fhirUser(), user.organization(), user.patient(), ScopeGrant.ALL));
  }

  private AccessSubject remembered(Jwt jwt) {
    AccessSubject known = byToken.get(jwt.getTokenValue());
    if (known != null) {
      return known;
    }
    AccessSubject subject = fromToken(jwt);
    if (byToken.size() >= REMEMBERED) {
      byToken.clear();
    }
    byToken.put(jwt.getTokenValue(), subject);
    return subject;
  }

  AccessSubject fromToken(Jwt jwt) {
    String subject = jwt.getSubject() == null ? "" : jwt.getSubject();
    String clientId = jwt.getClaimAsString(AccessTokenClaims.CLIENT_ID);
    if (clientId == null) {
      clientId = jwt.getClaimAsString("azp");
    }
    Set<String> roles = roles(jwt);
    String fhirUser = jwt.getClaimAsString(AccessTokenClaims.FHIR_USER);
    boolean system = subject.equals(clientId) && fhirUser == null && roles.isEmpty();
    List<String> scopes = scopes(jwt);
    // a patient user's own record; for anyone else the patient an app was launched for, which narrows the
    // token only when its clinical scopes are all patient/ ones (user/ scopes ask for the user's whole access)
    String patient = jwt.getClaimAsString(AccessTokenClaims.PATIENT);
    if (!roles.contains("patient") && !SmartScopes.patientContextOnly(scopes)) {
      patient = null;
    }
    return new AccessSubject(subject, system, roles, fhirUser, jwt.getClaimAsString(AccessTokenClaims.ORGANIZATION),
        patient, SmartScopes.grant(scopes));
  }

  private Set<String> roles(Jwt jwt) {
    Object value = claimAtPath(jwt.getClaims(), rolesClaim);
    Set<String> roles = new LinkedHashSet<>();
    if (value instanceof Collection<?> list) {
      list.forEach(role -> roles.add(String.valueOf(role)));
    } else if (value instanceof String text) {
      roles.addAll(List.of(text.trim().split("\\s+")));
    }
    roles.retainAll(Roles.ALL);
    return roles;
  }

  private static @Nullable Object claimAtPath(Map<String, Object> claims, String path) {
    Object value = claims;
    for (String part : path.split("\\.")) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = map.get(part);
    }
    return value;
  }

  /** The {@code scope} claim: a JSON array (Sen's tokens) or a space-separated string (other issuers). */
  static List<String> scopes(Jwt jwt) {
    Object scope = jwt.getClaims().get(AccessTokenClaims.SCOPE);
    if (scope == null) {
      scope = jwt.getClaims().get("scp");
    }
    if (scope instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (scope instanceof String text && !text.isBlank()) {
      return List.of(text.trim().split("\\s+"));
    }
    return List.of();
  }
}
