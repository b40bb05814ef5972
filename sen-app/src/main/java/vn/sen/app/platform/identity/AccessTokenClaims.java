package vn.sen.app.platform.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * The claims Sen puts in its access tokens beyond the standard ones, written in one place for the token
 * endpoint and for {@link TokenIssuer}: {@code aud} (the client and the FHIR base), {@code client_id},
 * {@code scope}, and for a user {@code roles}, {@code fhirUser}, {@code organization}, {@code patient}.
 * Lists are {@link ArrayList}s: Spring Authorization Server stores the claims with its JSON allowlist,
 * which refuses the JDK's immutable lists.
 */
final class AccessTokenClaims {
  static final String CLIENT_ID = "client_id";
  static final String ROLES = "roles";
  static final String FHIR_USER = "fhirUser";
  static final String ORGANIZATION = "organization";
  static final String PATIENT = "patient";
  static final String SCOPE = "scope";

  private AccessTokenClaims() {}

  static void addClient(JwtClaimsSet.Builder claims, String clientId, String fhirAudience) {
    claims.audience(new ArrayList<>(List.of(clientId, fhirAudience)));
    claims.claim(CLIENT_ID, clientId);
  }

  static void addScopes(JwtClaimsSet.Builder claims, Collection<String> scopes) {
    Set<String> sorted = new TreeSet<>(scopes);
    claims.claim(SCOPE, new ArrayList<>(sorted));
  }

  static void addUser(JwtClaimsSet.Builder claims, UserAccount user) {
    claims.claim(ROLES, new ArrayList<>(new TreeSet<>(user.roles())));
    if (user.fhirUser() != null) {
      claims.claim(FHIR_USER, user.fhirUser());
    }
    if (user.organization() != null) {
      claims.claim(ORGANIZATION, user.organization());
    }
    if (user.patient() != null) {
      claims.claim(PATIENT, user.patient());
    }
  }
}
