package vn.sen.app.platform.identity;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import vn.sen.fhir.http.CapabilitySecurity;

/**
 * The CapabilityStatement's {@code rest.security}: the SMART-on-FHIR service, CORS, and the OAuth endpoints
 * in the {@code oauth-uris} extension, which SMART clients written for App Launch v1 read instead of
 * {@code .well-known/smart-configuration} (https://hl7.org/fhir/smart-app-launch/STU1/conformance.html).
 * Built from the same discovery document, so the two never disagree.
 */
final class SmartCapabilitySecurity implements CapabilitySecurity {
  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
  private static final String SERVICES = "http://terminology.hl7.org/CodeSystem/restful-security-service";
  /** The discovery document's endpoints and their names in {@code oauth-uris}. */
  private static final List<Map.Entry<String, String>> ENDPOINTS = List.of(
      Map.entry("authorization_endpoint", "authorize"), Map.entry("token_endpoint", "token"),
      Map.entry("revocation_endpoint", "revoke"), Map.entry("introspection_endpoint", "introspect"));

  private final Map<String, Object> discovery;

  SmartCapabilitySecurity(Map<String, Object> discovery) {
    this.discovery = discovery;
  }

  @Override
  public String key() {
    StringBuilder key = new StringBuilder();
    for (Map.Entry<String, String> e : ENDPOINTS) {
      key.append(discovery.get(e.getKey())).append(' ');
    }
    return key.toString();
  }

  @Override
  public void describe(CapabilityStatementRestSecurityComponent security) {
    security.setCors(true);
    security.addService().addCoding().setSystem(SERVICES).setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
    security.setDescription("OAuth 2.0 bearer tokens as SMART App Launch v2 describes; discovery at"
        + " .well-known/smart-configuration under this base URL");
    Extension uris = security.addExtension().setUrl(OAUTH_URIS);
    for (Map.Entry<String, String> e : ENDPOINTS) {
      if (discovery.get(e.getKey()) instanceof String url) {
        uris.addExtension(e.getValue(), new UriType(url));
      }
    }
  }
}
