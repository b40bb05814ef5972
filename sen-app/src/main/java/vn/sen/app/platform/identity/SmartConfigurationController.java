package vn.sen.app.platform.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final Issuer issuer;
  private final IdentityProperties properties;

  public SmartConfigurationController(Issuer issuer, IdentityProperties properties) {
    this.issuer = issuer;
    this.properties = properties;
  }

  @GetMapping(value = "/.well-known/smart-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> smartConfiguration() {
    String base = issuer.current();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", properties.externalIssuer() ? properties.issuerUri() : base);
    doc.put("jwks_uri", base + "/auth/jwks");
    doc.put("authorization_endpoint", base + "/auth/authorize");
    doc.put("token_endpoint", base + "/auth/token");
    doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
    doc.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
    doc.put("response_types_supported", List.of("code"));
    doc.put("scopes_supported", SCOPES);
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("introspection_endpoint", base + "/auth/introspect");
    doc.put("revocation_endpoint", base + "/auth/revoke");
    doc.put("userinfo_endpoint", base + "/auth/userinfo");
    doc.put("capabilities", List.of("launch-standalone", "client-public", "client-confidential-symmetric",
        "sso-openid-connect", "context-standalone-patient", "permission-offline", "permission-patient",
        "permission-user", "permission-v1", "permission-v2"));
    return doc;
  }
}
