package vn.sen.app.platform.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers OAuth 2.0 clients in Spring Authorization Server's client table. Four shapes: a system client
 * (client credentials with a secret, or with a signed JWT assertion and its JWK Set URL), a confidential app
 * (authorization code with PKCE, refresh tokens, a secret) and a public app (authorization code with PKCE,
 * no secret). An app may be registered to ask its users' consent: the first time a user signs in to it, and
 * whenever it asks for scopes the user has not yet granted it, Sen shows which access it asks for and the
 * user grants some, all or none ({@link ConsentController}).
 */
public final class OAuthClients {
  private final RegisteredClientRepository repository;
  private final PasswordEncoder passwords;
  private final IdentityProperties properties;
  private final SecureRandom random;
  private final Clock clock;

  public OAuthClients(RegisteredClientRepository repository, PasswordEncoder passwords, IdentityProperties properties,
      SecureRandom random, Clock clock) {
    this.repository = repository;
    this.passwords = passwords;
    this.properties = properties;
    this.random = random;
    this.clock = clock;
  }

  /**
   * What {@code ./sen client add} asks for.
   *
   * @param redirectUris empty for a system client (client credentials)
   * @param jwksUri for a system client that authenticates with a signed JWT ({@code private_key_jwt}, as SMART
   *     Backend Services do): where its public keys are; null for a client secret
   * @param askConsent for an app: whether its users are asked to grant the scopes it asks for (an app made
   *     by someone else than the care provider, e.g. one a patient chose); without, signing in grants them
   * @param name what users see of the app (consent and apps pages); null for its client id
   */
  public record NewClient(String clientId, Set<String> scopes, boolean publicClient, List<String> redirectUris,
      @Nullable String jwksUri, boolean askConsent, @Nullable String name) {
    public NewClient {
      scopes = Set.copyOf(scopes);
      redirectUris = List.copyOf(redirectUris);
    }

    public NewClient(String clientId, Set<String> scopes, boolean publicClient, List<String> redirectUris,
        @Nullable String jwksUri, boolean askConsent) {
      this(clientId, scopes, publicClient, redirectUris, jwksUri, askConsent, null);
    }

    public NewClient(String clientId, Set<String> scopes, boolean publicClient, List<String> redirectUris) {
      this(clientId, scopes, publicClient, redirectUris, null, false, null);
    }
  }

  /** Registers the client; returns its generated secret (shown once, stored hashed), empty for a public one. */
  public Optional<String> add(NewClient client) {
    if (!client.clientId().matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("a client id is 1 to 100 letters, digits and . _ -");
    }
    if (repository.findByClientId(client.clientId()) != null) {
      throw new IllegalArgumentException("client '" + client.clientId() + "' exists already");
    }
    if (client.name() != null && (client.name().isBlank() || client.name().length() > 100
        || client.name().codePoints().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException("--name is 1 to 100 characters on one line");
    }
    if (client.scopes().isEmpty()) {
      throw new IllegalArgumentException("a client needs --scopes");
    }
    if (client.publicClient() && client.redirectUris().isEmpty()) {
      throw new IllegalArgumentException("a public client needs --redirect-uri");
    }
    if (client.askConsent() && client.redirectUris().isEmpty()) {
      throw new IllegalArgumentException("--ask-consent is for apps (with --redirect-uri): a system client has no user to ask");
    }
    RegisteredClient.Builder builder = RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(client.clientId())
        .clientName(client.name() != null ? client.name().strip() : client.clientId())
        .clientIdIssuedAt(clock.instant())
        .scopes(scopes -> scopes.addAll(client.scopes()))
        .tokenSettings(TokenSettings.builder()
            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
            .accessTokenTimeToLive(properties.accessTokenTtl())
            .refreshTokenTimeToLive(properties.refreshTokenTtl())
            .authorizationCodeTimeToLive(java.time.Duration.ofMinutes(2))
            .reuseRefreshTokens(false)
            .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
            .build());
    String secret = null;
    if (client.publicClient()) {
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    } else if (client.jwksUri() != null) {
      if (!client.redirectUris().isEmpty()) {
        throw new IllegalArgumentException("--jwks-uri is for system clients (no --redirect-uri)");
      }
      // SMART Backend Services: RS384 client assertions, keys fetched from the client's JWK Set URL
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
          .clientSettings(ClientSettings.builder().jwkSetUrl(client.jwksUri())
              .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384).build());
    } else {
      secret = newSecret();
      builder.clientSecret(passwords.encode(secret))
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }
    if (client.redirectUris().isEmpty()) {
      builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
    } else {
      builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
          .redirectUris(uris -> uris.addAll(client.redirectUris()))
          .clientSettings(ClientSettings.builder().requireProofKey(true)
              .requireAuthorizationConsent(client.askConsent()).build());
    }
    repository.save(builder.build());
    return Optional.ofNullable(secret);
  }

  /** For the demo: a confidential client gets a new secret, or is registered when missing; returns the secret. */
  public String resetSecretOrAdd(NewClient client) {
    RegisteredClient existing = repository.findByClientId(client.clientId());
    if (existing == null) {
      return add(client).orElseThrow();
    }
    String secret = newSecret();
    repository.save(RegisteredClient.from(existing).clientSecret(passwords.encode(secret)).build());
    return secret;
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
