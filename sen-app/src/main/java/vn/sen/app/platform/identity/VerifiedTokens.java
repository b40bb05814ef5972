package vn.sen.app.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers tokens it has verified, so that a client sending the same bearer
 * token with every request pays for parsing and the RSA signature check once, not per request.
 *
 * <p>Only a token string that the full decoder accepted is remembered, and only the exact same string
 * matches it. Each use checks the token again with the {@code validator} (expiry, issuer, audience are
 * cheap and may depend on the moment and the request), and an entry is forgotten after {@code maxAge}
 * even if the token lives longer, so that a signing key withdrawn from {@code /auth/jwks} stops its
 * tokens here within that time. At most {@code capacity} tokens are kept; when full, expired ones are
 * dropped first and then all.
 */
public final class VerifiedTokens implements JwtDecoder {
  private final JwtDecoder decoder;
  private final OAuth2TokenValidator<Jwt> validator;
  private final Clock clock;
  private final Duration maxAge;
  private final int capacity;
  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

  /**
   * @param decoder the full decoder (signature, then {@code validator})
   * @param validator the decoder's own validator, run again on every use of a remembered token
   */
  public VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, Clock clock, Duration maxAge,
      int capacity) {
    this.decoder = decoder;
    this.validator = validator;
    this.clock = clock;
    this.maxAge = maxAge;
    this.capacity = capacity;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Instant now = clock.instant();
    Verified known = verified.get(token);
    if (known != null && now.isBefore(known.forgetAt())) {
      OAuth2TokenValidatorResult result = validator.validate(known.jwt());
      if (!result.hasErrors()) {
        return known.jwt();
      }
      verified.remove(token);
    }
    // the full decoder says why a token is refused, in the exception Spring Security expects
    Jwt jwt = decoder.decode(token);
    Instant forgetAt = now.plus(maxAge);
    if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(forgetAt)) {
      forgetAt = jwt.getExpiresAt();
    }
    if (verified.size() >= capacity) {
      verified.values().removeIf(v -> !now.isBefore(v.forgetAt()));
      if (verified.size() >= capacity) {
        verified.clear();
      }
    }
    verified.put(token, new Verified(jwt, forgetAt));
    return jwt;
  }

  /** Tokens remembered now (for tests). */
  int size() {
    return verified.size();
  }

  private record Verified(Jwt jwt, Instant forgetAt) {}
}
