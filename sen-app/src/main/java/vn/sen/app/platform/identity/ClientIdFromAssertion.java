package vn.sen.app.platform.identity;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Client assertions as SMART Backend Services send them: without a {@code client_id} parameter, the client
 * being the assertion's {@code sub}. Spring Authorization Server wants the parameter, so it is taken from
 * the (not yet verified) assertion; the signature and {@code iss = sub = client_id} are then checked as
 * usual, against the keys registered for that client.
 */
final class ClientIdFromAssertion implements AuthenticationConverter {
  private final JwtClientAssertionAuthenticationConverter delegate = new JwtClientAssertionAuthenticationConverter();

  @Override
  public @Nullable Authentication convert(HttpServletRequest request) {
    String assertion = request.getParameter("client_assertion");
    if (assertion == null || request.getParameter("client_id") != null) {
      return delegate.convert(request);
    }
    String subject;
    try {
      subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      return delegate.convert(request);
    }
    if (subject == null) {
      return delegate.convert(request);
    }
    Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
    parameters.put("client_id", new String[] {subject});
    Map<String, String[]> withClientId = Collections.unmodifiableMap(parameters);
    return delegate.convert(new HttpServletRequestWrapper(request) {
      @Override
      public String getParameter(String name) {
        String[] values = withClientId.get(name);
        return values == null || values.length == 0 ? null : values[0];
      }

      @Override
      public Map<String, String[]> getParameterMap() {
        return withClientId;
      }

      @Override
      public String[] getParameterValues(String name) {
        return withClientId.get(name);
      }

      @Override
      public java.util.Enumeration<String> getParameterNames() {
        return Collections.enumeration(withClientId.keySet());
      }
    });
  }
}
