package vn.sen.app.platform.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.sen.app.SenProperties;

/**
 * The issuer identifier of Sen's own tokens ({@code iss}) and the audience they are for ({@code aud} = the
 * FHIR base). With {@code SEN_BASE_URL} set it is that URL; otherwise it is the address the request came in
 * on (as Spring Authorization Server resolves it), and outside a request the loopback address this process
 * listens on.
 */
public final class Issuer {
  private final SenProperties properties;
  private final Environment environment;

  public Issuer(SenProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /** The configured public base URL, if any (then Spring Authorization Server is told it, too). */
  public @Nullable String configured() {
    return properties.publicBaseUrl();
  }

  public String current() {
    String configured = configured();
    if (configured != null) {
      return configured;
    }
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      return of(servlet.getRequest());
    }
    return local();
  }

  /** The FHIR base of this issuer: the audience of its access tokens. */
  public String fhirAudience() {
    return current() + "/fhir";
  }

  /** The loopback address of this process (for tokens minted outside a request). */
  public String local() {
    return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
  }

  static String of(HttpServletRequest request) {
    String scheme = request.getScheme();
    int port = request.getServerPort();
    boolean defaultPort = "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
    String host = request.getServerName();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
  }
}
