package vn.sen.app.platform.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART standalone launch with a patient context ({@code launch/patient}) for users who are not patients
 * themselves (docs/identity.md, "Launch context"): the authorization request is sent to a patient picker
 * ({@link LaunchPatientController}); the patient picked is kept in the user's session for that app, attached
 * to the authorization when its code is issued, and put in the access token's {@code patient} claim, which
 * the token response repeats and the policy narrows the token to (with {@code patient/} scopes only).
 */
final class LaunchContext {
  static final String SCOPE = "launch/patient";
  /** The OAuth2Authorization attribute holding the patient picked. */
  static final String AUTHORIZATION_ATTRIBUTE = "sen_launch_patient";
  static final String PICKER = "/auth/launch-patient";
  private static final String SESSION_ATTRIBUTE = LaunchContext.class.getName() + ".picked";

  private LaunchContext() {}

  static boolean asksForPatient(@Nullable String scope) {
    return scope != null && List.of(scope.trim().split("\\s+")).contains(SCOPE);
  }

  /** Remembers in the session that the user picked {@code patient} for the app {@code clientId}. */
  static void pick(HttpSession session, String clientId, String patient) {
    synchronized (session) {
      picks(session, true).put(clientId, patient);
    }
  }

  static Optional<String> picked(HttpSession session, String clientId) {
    synchronized (session) {
      Map<String, String> picks = picks(session, false);
      return Optional.ofNullable(picks == null ? null : picks.get(clientId));
    }
  }

  private static void forget(HttpSession session, String clientId) {
    synchronized (session) {
      Map<String, String> picks = picks(session, false);
      if (picks != null) {
        picks.remove(clientId);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, String> picks(HttpSession session, boolean create) {
    Object value = session.getAttribute(SESSION_ATTRIBUTE);
    if (value == null && create) {
      value = new HashMap<String, String>();
      session.setAttribute(SESSION_ATTRIBUTE, value);
    }
    return (Map<String, String>) value;
  }

  /**
   * Before the authorization endpoint: a signed-in user without a Patient of their own whose app asks for
   * {@code launch/patient} and who has not picked one for it yet goes to the picker first.
   */
  static final class Redirect extends OncePerRequestFilter {
    private final UserAccounts users;
    private final RegisteredClientRepository clients;

    Redirect(UserAccounts users, RegisteredClientRepository clients) {
      this.users = users;
      this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return !"GET".equals(request.getMethod()) || !"/auth/authorize".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Authentication user = SecurityContextHolder.getContext().getAuthentication();
      String clientId = request.getParameter("client_id");
      boolean needsPick = user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)
          && clientId != null && asksForPatient(request.getParameter("scope"))
          && registeredFor(clientId)
          && users.find(user.getName()).map(u -> u.patient() == null).orElse(false)
          && (request.getSession(false) == null || picked(request.getSession(false), clientId).isEmpty());
      if (!needsPick) {
        chain.doFilter(request, response);
        return;
      }
      response.sendRedirect(request.getContextPath() + PICKER + "?" + request.getQueryString());
    }

    /** An app not registered for {@code launch/patient} gets the authorization server's own answer. */
    private boolean registeredFor(String clientId) {
      RegisteredClient client = clients.findByClientId(clientId);
      return client != null && client.getScopes().contains(SCOPE);
    }
  }

  /**
   * The authorization service that attaches the patient picked to an authorization when its code is issued
   * (in the request of the signed-in user's browser), and forgets the pick: the next launch asks again.
   */
  static final class Authorizations implements OAuth2AuthorizationService {
    private final OAuth2AuthorizationService delegate;
    private final RegisteredClientRepository clients;

    Authorizations(OAuth2AuthorizationService delegate, RegisteredClientRepository clients) {
      this.delegate = delegate;
      this.clients = clients;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
      delegate.save(withPick(authorization));
    }

    private OAuth2Authorization withPick(OAuth2Authorization authorization) {
      if (authorization.getToken(OAuth2AuthorizationCode.class) == null || authorization.getAccessToken() != null
          || authorization.getAttribute(AUTHORIZATION_ATTRIBUTE) != null
          || !authorization.getAuthorizedScopes().contains(SCOPE)
          || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
        return authorization;
      }
      HttpSession session = attributes.getRequest().getSession(false);
      RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
      if (session == null || client == null) {
        return authorization;
      }
      Optional<String> patient = picked(session, client.getClientId());
      if (patient.isEmpty()) {
        return authorization;
      }
      forget(session, client.getClientId());
      return OAuth2Authorization.from(authorization).attribute(AUTHORIZATION_ATTRIBUTE, patient.get()).build();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
      delegate.remove(authorization);
    }

    @Override
    public @Nullable OAuth2Authorization findById(String id) {
      return delegate.findById(id);
    }

    @Override
    public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
      return delegate.findByToken(token, tokenType);
    }
  }
}
