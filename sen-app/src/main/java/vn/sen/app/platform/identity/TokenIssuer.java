package vn.sen.app.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints access tokens with the server's own signing key, in the format of the token endpoint, for code
 * that runs inside Sen's process: tests, {@code ./sen load} and {@code ./sen bench} started in-process, and
 * the demo. It is never reachable over HTTP; clients outside the process use {@code /auth/token}.
 */
public final class TokenIssuer {
  /** The client id of tokens minted here for a user. */
  public static final String IN_PROCESS_CLIENT = "sen-in-process";

  private final SigningKeys keys;
  private final JwtEncoder encoder;
  private final UserAccounts users;
  private final Issuer issuer;
  private final Clock clock;
  private final Duration ttl;

  public TokenIssuer(SigningKeys keys, UserAccounts users, Issuer issuer, Clock clock, IdentityProperties properties) {
    this.keys = keys;
    this.encoder = new NimbusJwtEncoder(keys);
    this.users = users;
    this.issuer = issuer;
    this.clock = clock;
    this.ttl = properties.accessTokenTtl();
  }

  /** An access token of a stored, enabled user with these SMART scopes. */
  public String forUser(String username, Collection<String> scopes) {
    UserAccount user = users.find(username).filter(UserAccount::enabled)
        .orElseThrow(() -> new IllegalArgumentException("no enabled user '" + username + "'"));
    JwtClaimsSet.Builder claims = standard(username, IN_PROCESS_CLIENT, scopes, clock.instant(), ttl);
    AccessTokenClaims.addUser(claims, user);
    return sign(claims.build());
  }

  /** An access token of a system client acting for itself (as client credentials give), with these scopes. */
  public String forClient(String clientId, Collection<String> scopes) {
    return sign(standard(clientId, clientId, scopes, clock.instant(), ttl).build());
  }

  /** An access token valid for {@code lifetime} (e.g. the whole run of an in-process load). */
  public String forClient(String clientId, Collection<String> scopes, Duration lifetime) {
    return sign(standard(clientId, clientId, scopes, clock.instant(), lifetime).build());
  }

  JwtClaimsSet.Builder standard(String subject, String clientId, Collection<String> scopes, Instant issuedAt,
      Duration lifetime) {
    JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
        .issuer(issuer.current())
        .subject(subject)
        .issuedAt(issuedAt)
        .notBefore(issuedAt)
        .expiresAt(issuedAt.plus(lifetime))
        .id(UUID.randomUUID().toString());
    AccessTokenClaims.addClient(claims, clientId, issuer.fhirAudience());
    AccessTokenClaims.addScopes(claims, scopes);
    return claims;
  }

  /** Signs any claims with the current key (tests build odd tokens with it). */
  String sign(JwtClaimsSet claims) {
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.currentKid()).type("JWT").build();
    return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
  }
}
