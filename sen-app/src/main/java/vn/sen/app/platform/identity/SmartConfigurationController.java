package vn.sen.app.platform.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SMART App Launch v2 discovery, {@code /.well-known/smart-configuration}
 * (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART conformance</a>): where apps
 * authorize, get tokens and find keys, and what Sen supports.
 */
@RestController
public class SmartConfigurationController {
  static final List<String> SCOPES = List.of("openid", "fhirUser", "profile", "offline_access", "online_access",
      "launch/patient", "patient/*.cruds", "patient/*.rs", "user/*.cruds", "user/*.rs", "system/*.cruds",
      "system/*.rs", "patient/*.read", "user/*.read", "system/*.read");

  private static final Logger log = LoggerFactory.getLogger(SmartConfigurationController.class);
  private final Issuer issuer;
  private final IdentityProperties properties;
  private volatile @Nullable Map<String, Object> externalEndpoints;

  public SmartConfigurationController(Issuer issuer, IdentityProperties properties) {
    this.issuer = issuer;
    this.properties = properties;
  }

  @GetMapping(value = "/.well-known/smart-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> smartConfiguration() {
    String base = issuer.current();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", base);
    doc.put("jwks_uri", base + "/auth/jwks");
    doc.put("authorization_endpoint", base + "/auth/authorize");
    doc.put("token_endpoint", base + "/auth/token");
    if (properties.externalIssuer()) {
      doc.putAll(external());
    }
    doc.put("token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384"));
    doc.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
    doc.put("response_types_supported", List.of("code"));
    doc.put("scopes_supported", SCOPES);
    doc.put("code_challenge_methods_supported", List.of("S256"));
    if (!properties.externalIssuer()) {
      doc.put("introspection_endpoint", base + "/auth/introspect");
      doc.put("revocation_endpoint", base + "/auth/revoke");
      doc.put("userinfo_endpoint", base + "/auth/userinfo");
    }
    doc.put("capabilities", List.of("launch-standalone", "client-public", "client-confidential-symmetric",
        "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient", "permission-offline",
        "permission-patient", "permission-user", "permission-v1", "permission-v2"));
    return doc;
  }

  /**
   * With an external issuer, apps authorize there: its endpoints, read once from its OpenID discovery
   * document (nothing of it if the issuer cannot be reached now; the next request tries again).
   */
  private Map<String, Object> external() {
    Map<String, Object> cached = externalEndpoints;
    if (cached != null) {
      return cached;
    }
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("issuer", properties.issuerUri());
    try {
      JsonNode discovery = new ObjectMapper().readTree(URI.create(
          properties.issuerUri().replaceAll("/$", "") + "/.well-known/openid-configuration").toURL());
      for (String field : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "introspection_endpoint",
          "revocation_endpoint", "userinfo_endpoint")) {
        if (discovery.hasNonNull(field)) {
          endpoints.put(field, discovery.get(field).asText());
        }
      }
      externalEndpoints = endpoints;
    } catch (IOException | IllegalArgumentException e) {
      log.warn("The external issuer's discovery document is unreachable: {}", e.getMessage());
    }
    return endpoints;
  }
}
