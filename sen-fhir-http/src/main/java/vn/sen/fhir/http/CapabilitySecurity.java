package vn.sen.fhir.http;

import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;

/**
 * What the CapabilityStatement says about the API's security ({@code rest.security}): for a server behind
 * OAuth 2.0, the SMART service and the endpoints (the {@code oauth-uris} extension older SMART clients read).
 * Asked on each {@code /metadata} request, since its URLs may depend on the host the client called.
 */
public interface CapabilitySecurity {
  /** Changes whenever {@link #describe} would describe differently (e.g. the token endpoint's URL). */
  String key();

  void describe(CapabilityStatementRestSecurityComponent security);
}
