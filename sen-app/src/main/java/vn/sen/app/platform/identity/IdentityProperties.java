package vn.sen.app.platform.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings ({@code sen.identity.*}; the {@code SEN_*} variables are mapped in
 * {@code application.properties}).
 *
 * @param issuerUri an external OpenID Connect issuer (e.g. Keycloak's realm URL) whose tokens {@code /fhir}
 *     accepts instead of Sen's own; blank = Sen's built-in authorization server
 * @param audience for an external issuer, the {@code aud} value its tokens must carry; blank = not checked
 * @param rolesClaim for an external issuer, the claim holding role codes; a dotted path reaches into
 *     objects ({@code realm_access.roles} for Keycloak realm roles)
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens
 * @param maxFailedLogins failed sign-ins after which a user is locked out
 * @param lockout how long a lock-out lasts (also the window in which failures are counted)
 * @param retiredKeyLifetime how long a signing key stays published after {@code ./sen keys rotate}: at least
 *     the lifetime of the tokens it signed
 */
@ConfigurationProperties("sen.identity")
public record IdentityProperties(
    @DefaultValue("") String issuerUri,
    @DefaultValue("") String audience,
    @DefaultValue("roles") String rolesClaim,
    @DefaultValue("15m") Duration accessTokenTtl,
    @DefaultValue("8h") Duration refreshTokenTtl,
    @DefaultValue("5") int maxFailedLogins,
    @DefaultValue("15m") Duration lockout,
    @DefaultValue("20m") Duration retiredKeyLifetime) {

  public boolean externalIssuer() {
    return !issuerUri.isBlank();
  }
}
