package vn.sen.app.platform.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import vn.sen.app.DatabaseConfiguration.SchemaMigration;
import vn.sen.app.platform.audit.AuditTrail;
import vn.sen.fhir.http.FhirServlet;

/**
 * Who may call what, in three filter chains:
 * <ol>
 *   <li>the authorization server under {@code /auth/…} and {@code /.well-known/openid-configuration}
 *       (authorize, token, jwks, introspect, revoke, userinfo);
 *   <li>{@code /fhir/**}: a valid bearer JWT, stateless, no CSRF (no cookies are used), except the public
 *       {@code /fhir/metadata}; 401 and 403 as OperationOutcomes;
 *   <li>everything else: pages behind a form-login session ({@code /auth/login}, throttled; sessions expire
 *       after {@code server.servlet.session.timeout} idle) with CSRF protection; public are the login page,
 *       {@code /companion/**} (those pages decide themselves), {@code /.well-known/smart-configuration},
 *       {@code /actuator/health} and static files.
 * </ol>
 * {@code /actuator/prometheus} has a chain of its own ({@link MetricsSecurityConfiguration}).
 * No filter reads a request body except the login form and the token endpoint, which own theirs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {
  static final String LOGIN = "/auth/login";

  private static RequestMatcher path(String pattern) {
    return PathPatternRequestMatcher.withDefaults().matcher(pattern);
  }

  @Bean
  @Order(1)
  public SecurityFilterChain authorizationServerChain(HttpSecurity http, FhirAuthProblems problems,
      UserAccounts users, RegisteredClientRepository clients) throws Exception {
    OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(server, s -> s.oidc(Customizer.withDefaults())
            .authorizationEndpoint(a -> a.consentPage(ConsentController.CONSENT))
            .tokenEndpoint(t -> t.accessTokenResponseHandler(smartTokenResponse()))
            .clientAuthentication(c -> c.authenticationConverters(converters -> converters.replaceAll(
                converter -> converter instanceof JwtClientAssertionAuthenticationConverter
                    ? new ClientIdFromAssertion() : converter))))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        // launch/patient for a user who is not a patient: the picker first (LaunchContext)
        // (the authorization endpoint's filter sits before this one too, added later, so after the picker's)
        .addFilterBefore(new LaunchContext.Redirect(users, clients), AbstractPreAuthenticatedProcessingFilter.class)
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN),
            path("/auth/authorize")))
        .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
    return http.build();
  }

  /**
   * SMART launch context in the token response: a patient user's token answer names their Patient
   * ({@code "patient": "…"}), as SMART apps expect.
   */
  private static OAuth2AccessTokenResponseAuthenticationSuccessHandler smartTokenResponse() {
    OAuth2AccessTokenResponseAuthenticationSuccessHandler handler =
        new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
    handler.setAccessTokenResponseCustomizer(context -> {
      OAuth2AccessTokenAuthenticationToken token = context.getAuthentication();
      try {
        Object patient = SignedJWT.parse(token.getAccessToken().getTokenValue()).getJWTClaimsSet()
            .getClaim(AccessTokenClaims.PATIENT);
        if (patient instanceof String id) {
          context.getAccessTokenResponse().additionalParameters(Map.of(AccessTokenClaims.PATIENT, id));
        }
      } catch (ParseException e) {
        // not one of Sen's JWTs: nothing to add
      }
    });
    return handler;
  }

  /** SMART discovery where SMART App Launch v2 tells apps to look: under the FHIR base URL. */
  static final String SMART_AT_FHIR_BASE = "/fhir/.well-known/smart-configuration";

  /**
   * Answers {@value #SMART_AT_FHIR_BASE} as {@code /.well-known/smart-configuration} (the same controller,
   * CORS and caching): apps find the document by appending {@code /.well-known/smart-configuration} to the
   * FHIR base URL they were given, which is {@code …/fhir}. Runs after Spring Security, which lets it through.
   */
  @Bean
  public FilterRegistrationBean<Filter> smartConfigurationAtFhirBase() {
    Filter forward = (request, response, chain) ->
        request.getRequestDispatcher("/.well-known/smart-configuration").forward(request, response);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(forward);
    registration.addUrlPatterns(SMART_AT_FHIR_BASE);
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  /**
   * The CapabilityStatement names the SMART service and its OAuth endpoints ({@code rest.security}), from the
   * same document as {@code .well-known/smart-configuration}.
   */
  @Bean
  public SmartInitializingSingleton smartInCapabilityStatement(ServletRegistrationBean<FhirServlet> fhirServlet,
      SmartConfigurationController smart) {
    return () -> fhirServlet.getServlet().describeSecurity(
        () -> new SmartCapabilitySecurity(smart.smartConfiguration()));
  }

  /** Before the authorization server's chain: its matcher is a list of a dozen paths, none under /fhir. */
  @Bean
  @Order(0)
  public SecurityFilterChain fhirChain(HttpSecurity http, FhirAuthProblems problems, JwtDecoder decoder)
      throws Exception {
    http.securityMatcher(path("/fhir/**"))
        .authorizeHttpRequests(a -> a
            .requestMatchers(path("/fhir/metadata"), path(SMART_AT_FHIR_BASE)).permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(rs -> rs.bearerTokenResolver(new BearerHeader())
            .jwt(jwt -> jwt.authenticationManager(bearerAuthentication(decoder)))
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.requestCache(new NullRequestCache()))
        // no anonymous token (an absent authentication is refused alike) and no servlet-API request wrapper:
        // the FHIR servlet asks CurrentSubject, never the request, who is calling
        .anonymous(a -> a.disable())
        .servletApi(s -> s.disable())
        .logout(l -> l.disable())
        .csrf(c -> c.disable());
    return http.build();
  }

  /**
   * Authenticates the FHIR API's bearer tokens without publishing an application event per request (Spring
   * Security's default manager does; nothing in Sen listens for bearer tokens — sign-ins are audited from
   * the login form's events — and the publishing was 2.5% of a FHIR read's CPU, JFR).
   */
  static AuthenticationManager bearerAuthentication(JwtDecoder decoder) {
    return new ProviderManager(new JwtAuthenticationProvider(decoder));
  }

  @Bean
  @Order(3)
  public SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
    ExceptionMappingAuthenticationFailureHandler failure = new ExceptionMappingAuthenticationFailureHandler();
    failure.setExceptionMappings(Map.of(LockedException.class.getName(), LOGIN + "?locked"));
    failure.setDefaultFailureUrl(LOGIN + "?error");
    http.authorizeHttpRequests(a -> a
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers(path(LOGIN), path("/companion"), path("/companion/**"),
                path("/.well-known/smart-configuration"), path("/actuator/health"), path("/actuator/health/**"),
                path("/sen.css"), path("/favicon.ico"), path("/error")).permitAll()
            .anyRequest().authenticated())
        // the companion pages check their own per-session form token (a patient's link session is not a
        // signed-in user's session), so Spring Security's CSRF check stays out of their way
        .csrf(c -> c.ignoringRequestMatchers(path("/companion/**")))
        .formLogin(f -> f.loginPage(LOGIN).loginProcessingUrl(LOGIN).failureHandler(failure))
        .logout(l -> l.logoutRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST,
                "/auth/logout"))
            .logoutSuccessUrl(LOGIN + "?logout"));
    return http.build();
  }

  @Bean
  public FhirAuthProblems fhirAuthProblems() {
    return new FhirAuthProblems();
  }

  @Bean
  public AuthorizationServerSettings authorizationServerSettings(Issuer issuer) {
    AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder()
        .authorizationEndpoint("/auth/authorize")
        .tokenEndpoint("/auth/token")
        .jwkSetEndpoint("/auth/jwks")
        .tokenIntrospectionEndpoint("/auth/introspect")
        .tokenRevocationEndpoint("/auth/revoke")
        .oidcUserInfoEndpoint("/auth/userinfo")
        .oidcLogoutEndpoint("/auth/connect/logout")
        .oidcClientRegistrationEndpoint("/auth/connect/register")
        .deviceAuthorizationEndpoint("/auth/device_authorization")
        .deviceVerificationEndpoint("/auth/device_verification")
        .pushedAuthorizationRequestEndpoint("/auth/par");
    if (issuer.configured() != null) {
      settings.issuer(issuer.configured());
    }
    return settings.build();
  }

  @Bean
  public OAuth2AuthorizationService authorizationService(DataSource dataSource, SchemaMigration migrated,
      RegisteredClientRepository clients) {
    return new LaunchContext.Authorizations(new JdbcOAuth2AuthorizationService(new JdbcTemplate(dataSource), clients),
        clients);
  }

  /** Users' grants to apps that ask consent, each grant and withdrawal audited. */
  @Bean
  AuditedConsents authorizationConsentService(DataSource dataSource,
      SchemaMigration migrated, RegisteredClientRepository clients, LoginAudit loginAudit, AuditTrail trail,
      UserAccounts users, WithdrawnApps withdrawnApps) {
    return new AuditedConsents(new JdbcOAuth2AuthorizationConsentService(new JdbcTemplate(dataSource), clients),
        loginAudit, trail, users, clients, dataSource, withdrawnApps);
  }

  @Bean
  public UserDetailsService userDetailsService(UserAccounts users, IdentityProperties properties, Clock clock) {
    return new SenUserDetailsService(users, properties, clock);
  }

  @Bean
  public LoginThrottle loginThrottle(UserAccounts users, IdentityProperties properties) {
    return new LoginThrottle(users, properties);
  }

  /** Sign-ins and failed sign-ins in the audit trail. */
  @Bean
  public LoginAudit loginAudit(AuditTrail trail, UserAccounts users, Clock clock) {
    return new LoginAudit(trail, users, clock);
  }

  /** Sen's claims in every token the authorization server issues, and the current key's id in the header. */
  @Bean
  public OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(UserAccounts users, SigningKeys keys) {
    return context -> {
      context.getJwsHeader().keyId(keys.currentKid());
      String issuer = context.getAuthorizationServerContext().getIssuer();
      boolean forUser = !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
      if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
        AccessTokenClaims.addClient(context.getClaims(), context.getRegisteredClient().getClientId(),
            issuer + "/fhir");
        AccessTokenClaims.addScopes(context.getClaims(), context.getAuthorizedScopes());
        if (forUser) {
          // a refresh after the user was disabled gets nothing
          UserAccount user = users.find(context.getPrincipal().getName()).filter(UserAccount::enabled)
              .orElseThrow(() -> new OAuth2AuthenticationException(
                  new OAuth2Error("invalid_grant", "The user is disabled", null)));
          AccessTokenClaims.addUser(context.getClaims(), user);
          if (user.patient() == null && context.getAuthorization() != null
              && context.getAuthorization().getAttribute(LaunchContext.AUTHORIZATION_ATTRIBUTE) instanceof String p) {
            context.getClaims().claim(AccessTokenClaims.PATIENT, p); // the patient picked at launch
          }
        }
      } else if ("id_token".equals(context.getTokenType().getValue()) && forUser) {
        users.find(context.getPrincipal().getName()).map(UserAccount::fhirUser)
            .ifPresent(fhirUser -> context.getClaims().claim(AccessTokenClaims.FHIR_USER, fhirUser));
      }
    };
  }

  /**
   * Apps whose access users withdrew: their earlier access tokens refused at once here, within ten seconds
   * in other Sen processes on the database.
   */
  @Bean
  public WithdrawnApps withdrawnApps(DataSource dataSource, SchemaMigration migrated, Clock clock,
      IdentityProperties properties) {
    return new WithdrawnApps(dataSource, clock, properties.accessTokenTtl().plusMinutes(1),
        Duration.ofSeconds(10));
  }

  /**
   * Verifies bearer tokens: Sen's own (signature by a published key, time, issuer, audience = this FHIR
   * base), or with {@code sen.identity.issuer-uri} those of the external issuer (its keys, its issuer, and
   * the configured audience); Sen's own also not issued before their user withdrew the app
   * ({@link WithdrawnApps}).
   */
  @Bean
  public JwtDecoder jwtDecoder(SigningKeys keys, Issuer issuer, IdentityProperties properties, Clock clock,
      WithdrawnApps withdrawnApps) {
    if (properties.externalIssuer()) {
      NimbusJwtDecoder external = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
      List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
      validators.add(JwtValidators.createDefaultWithIssuer(properties.issuerUri()));
      if (!properties.audience().isBlank()) {
        validators.add(new JwtClaimValidator<List<String>>("aud",
            aud -> aud != null && aud.contains(properties.audience())));
      }
      OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
      external.setJwtValidator(validator);
      return remembering(external, validator, clock);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier((claims, context) -> { }); // validated below, by Spring Security
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    JwtTimestampValidator time = new JwtTimestampValidator(Duration.ofSeconds(30));
    time.setClock(clock);
    OAuth2TokenValidator<Jwt> validator =
        new DelegatingOAuth2TokenValidator<>(time, issuerAndAudience(issuer), withdrawnApps);
    decoder.setJwtValidator(validator);
    return remembering(decoder, validator, clock);
  }

  /** Verified tokens are remembered for at most five minutes, 4,096 of them (docs/security.md). */
  private static JwtDecoder remembering(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, Clock clock) {
    return new VerifiedTokens(decoder, validator, clock, Duration.ofMinutes(5), 4096);
  }

  /**
   * No Spring Security observations (a micrometer observation around every filter of every request:
   * measured at about a tenth of a FHIR request's CPU). Requests are still timed as
   * {@code http.server.requests}, and authentication outcomes are in the audit trail.
   */
  @Bean
  public SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** Spring MVC's handler lookup stays off the FHIR API ({@link FhirSkipsMvcLookup}). */
  @Bean
  public static FhirSkipsMvcLookup fhirSkipsMvcLookup() {
    return new FhirSkipsMvcLookup();
  }

  /** The strict firewall, its header checks without regular expressions ({@link HeaderFirewall}). */
  @Bean
  public WebSecurityCustomizer headerFirewall() {
    return web -> web.httpFirewall(HeaderFirewall.strict());
  }

  /**
   * The token names this server as its issuer and its FHIR API as an audience. Runs on every request (also
   * for remembered tokens), so it reads the claims as the decoder left them (issuer a string, audience a
   * string or a list of them) instead of through Spring's claim conversion, which cost 4% of a FHIR read's
   * CPU (JFR).
   */
  static OAuth2TokenValidator<Jwt> issuerAndAudience(Issuer issuer) {
    return jwt -> {
      String expected = issuer.current();
      Object iss = jwt.getClaims().get(JwtClaimNames.ISS);
      if (iss == null || !expected.equals(iss.toString())) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Wrong issuer", null));
      }
      if (!audienceNames(jwt.getClaims().get(JwtClaimNames.AUD), expected, "/fhir")) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Wrong audience", null));
      }
      return OAuth2TokenValidatorResult.success();
    };
  }

  /** Whether an {@code aud} claim (a string or a collection) contains {@code base + path}. */
  static boolean audienceNames(@Nullable Object aud, String base, String path) {
    if (aud instanceof Collection<?> values) {
      for (Object v : values) {
        if (v != null && named(v.toString(), base, path)) {
          return true;
        }
      }
      return false;
    }
    return aud != null && named(aud.toString(), base, path);
  }

  private static boolean named(String value, String base, String path) {
    return value.length() == base.length() + path.length() && value.startsWith(base) && value.endsWith(path);
  }
}
