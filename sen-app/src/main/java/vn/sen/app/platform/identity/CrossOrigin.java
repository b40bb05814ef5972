package vn.sen.app.platform.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for browser SMART apps served from other origins: on {@code /fhir/**}, {@code /auth/token},
 * {@code /auth/jwks} and {@code /.well-known/**} only, for the origins configured in
 * {@code sen.security.cors.allowed-origins} (none by default: no CORS at all). Runs before Spring Security,
 * so that a preflight ({@code OPTIONS} without a token) is answered here. A request from an origin not
 * listed is served as if CORS did not exist: no {@code Access-Control-Allow-Origin}, so the browser keeps the
 * answer from the page; a preflight from such an origin gets 403. No credentials (cookies) are allowed
 * cross-origin: apps send their bearer token in {@code Authorization}.
 */
final class CrossOrigin extends OncePerRequestFilter {
  /** Where it applies, as servlet URL patterns (the filter is registered for these only). */
  static final List<String> URL_PATTERNS = List.of("/fhir/*", "/auth/token", "/auth/jwks", "/.well-known/*");

  private final CorsConfiguration config = new CorsConfiguration();
  private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
    @Override
    protected void rejectRequest(org.springframework.http.server.ServerHttpResponse response) {
      // no CORS headers is the refusal; the request itself is answered (or, for a preflight, 403) below
    }
  };

  /** @param origins exact origins ({@code https://app.example.vn}), at least one */
  CrossOrigin(List<String> origins) {
    config.setAllowedOrigins(origins.stream().map(CrossOrigin::origin).toList());
    config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
    config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Accept-Language", "Prefer",
        "If-Match", "If-None-Match", "If-None-Exist", "If-Modified-Since", "X-Purpose-Of-Use", "X-Request-Id"));
    config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate",
        "X-Request-Id"));
    config.setAllowCredentials(false);
    config.setMaxAge(Duration.ofHours(1));
  }

  /** Checks that a configured value is an origin: scheme, host, optional port, nothing else. */
  static String origin(String value) {
    String v = value.strip();
    URI uri;
    try {
      uri = URI.create(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sen.security.cors.allowed-origins: '" + v + "' is not an origin", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
        && uri.getFragment() == null && uri.getUserInfo() == null;
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException("sen.security.cors.allowed-origins: '" + v
          + "' is not an origin such as https://app.example.vn (no path, no wildcard)");
    }
    return v;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!CorsUtils.isCorsRequest(request)) {
      chain.doFilter(request, response);
      return;
    }
    boolean allowed = processor.processRequest(config, request, response);
    if (CorsUtils.isPreFlightRequest(request)) {
      boolean answered = allowed && response.getHeader("Access-Control-Allow-Origin") != null;
      response.setStatus(answered ? HttpServletResponse.SC_OK : HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(request, response);
  }
}
