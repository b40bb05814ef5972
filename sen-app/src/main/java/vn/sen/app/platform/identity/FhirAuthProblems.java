package vn.sen.app.platform.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers of the security layer under {@code /fhir}, as FHIR clients expect them: 401 with
 * {@code WWW-Authenticate: Bearer …} (RFC 6750) and an OperationOutcome when the token is missing, invalid,
 * expired or forged; 403 with an OperationOutcome when access is denied; 400 with an OperationOutcome for a
 * request the firewall rejects. Elsewhere a rejected request gets a short bilingual text. The bodies name
 * nothing about the token or the request.
 */
public final class FhirAuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
  private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
  private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    bearer.commence(request, response, e);
    write(response, "login", request.getHeader("Authorization") == null
        ? "Authentication required: send an access token (Authorization: Bearer …)"
        : "The access token is invalid or expired");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    denied.handle(request, response, e);
    write(response, "forbidden", "Access denied");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    if (request.getRequestURI() != null && request.getRequestURI().startsWith("/fhir")) {
      write(response, "invalid", "The request URL or headers contain characters Sen does not accept");
    } else {
      response.setContentType("text/plain;charset=UTF-8");
      response.getOutputStream().write("Yêu cầu không hợp lệ. / The request is malformed.\n"
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(HttpServletResponse response, String code, String diagnostics) throws IOException {
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
        + "\"code\":\"" + code + "\",\"diagnostics\":\"" + diagnostics + "\"}]}").getBytes(StandardCharsets.UTF_8));
  }
}
