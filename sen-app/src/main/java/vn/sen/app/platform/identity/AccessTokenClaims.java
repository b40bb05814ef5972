package vn.sen.app.platform.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
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
  /**
   * When the token was issued, in epoch milliseconds as text ({@code iat} has whole seconds only): a token
   * issued in the same second as, but after, a withdrawal of its app ({@link WithdrawnApps}) stays valid.
   */
  static final String ISSUED_MS = "sen_iat_ms";

  private AccessTokenClaims() {}

  static void addClient(JwtClaimsSet.Builder claims, String clientId, String fhirAudience) {
    claims.audience(new ArrayList<>(List.of(clientId, fhirAudience)));
    claims.claim(CLIENT_ID, clientId);
    claims.claims(c -> {
      if (c.get(JwtClaimNames.IAT) instanceof Instant issued) {
        // as text: the authorization server's JSON allowlist refuses Long when it stores the authorization
        c.put(ISSUED_MS, Long.toString(issued.toEpochMilli()));
      }
    });
  }

  /** When {@code token} was issued, to the millisecond if Sen issued it, else to the second; null if unsaid. */
  static @Nullable Instant issuedAt(Jwt token) {
    Object ms = token.getClaim(ISSUED_MS);
    if (ms instanceof String text && !text.isEmpty() && text.length() <= 18
        && text.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochMilli(Long.parseLong(text));
    }
    return token.getIssuedAt();
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
