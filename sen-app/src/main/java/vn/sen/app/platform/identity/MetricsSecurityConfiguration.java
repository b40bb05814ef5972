package vn.sen.app.platform.identity;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import vn.sen.app.platform.policy.AccessSubject;

/**
 * {@code /actuator/prometheus} is not public: the metrics tell an onlooker how busy a station is, which
 * paths are called and how the pool fares. It takes a bearer token (the same issuer and checks as
 * {@code /fhir}) that carries the scope {@value #SCOPE} (a monitoring client, e.g. Prometheus with
 * {@code oauth2} client credentials) or belongs to a user with the role {@code admin}. No page session, no
 * cookie. {@code /actuator/health} stays public (load balancers and {@code ./sen} ask it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class MetricsSecurityConfiguration {
  /** The scope that lets a client read the metrics; not a SMART clinical scope ({@code system/*.rs} lacks it). */
  public static final String SCOPE = "metrics.read";

  /** Before the page chain (order 3), which would otherwise take the path. */
  @Bean
  @Order(2)
  public SecurityFilterChain metricsChain(HttpSecurity http, JwtDecoder decoder,
      Supplier<Optional<AccessSubject>> subjects) throws Exception {
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus"))
        .authorizeHttpRequests(a -> a.anyRequest().access(mayReadMetrics(subjects)))
        .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.decoder(decoder))
            .authenticationEntryPoint(new BearerTokenAuthenticationEntryPoint())
            .accessDeniedHandler(new BearerTokenAccessDeniedHandler()))
        .exceptionHandling(e -> e.authenticationEntryPoint(new BearerTokenAuthenticationEntryPoint())
            .accessDeniedHandler(new BearerTokenAccessDeniedHandler()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.requestCache(new NullRequestCache()))
        .csrf(c -> c.disable());
    return http.build();
  }

  static AuthorizationManager<RequestAuthorizationContext> mayReadMetrics(
      Supplier<Optional<AccessSubject>> subjects) {
    return (authentication, context) -> {
      if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
        return new AuthorizationDecision(false);
      }
      boolean scoped = CurrentSubject.scopes(token.getToken()).contains(SCOPE);
      boolean admin = subjects.get().map(s -> !s.system() && s.roles().contains("admin")).orElse(false);
      return new AuthorizationDecision(scoped || admin);
    };
  }
}
