package vn.sen.app.platform.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.sen.app.platform.audit.AuditContext;
import vn.sen.app.platform.audit.AuditEntry;
import vn.sen.app.platform.audit.AuditTrail;

/**
 * Sign-ins through the login form, successful or not (wrong password, locked, disabled), become audit
 * entries: who (the name typed, even when no such user exists — that is what an auditor looks for), when,
 * from where. Bearer-token requests are not sign-ins; each of them is audited as the access it is.
 */
final class LoginAudit {
  private final AuditTrail trail;
  private final UserAccounts users;
  private final Clock clock;

  LoginAudit(AuditTrail trail, UserAccounts users, Clock clock) {
    this.trail = trail;
    this.users = users;
    this.clock = clock;
  }

  @EventListener
  public void succeeded(AuthenticationSuccessEvent event) {
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
      record(login.getName(), "login", AuditEntry.SUCCESS, null);
    }
  }

  @EventListener
  public void failed(AbstractAuthenticationFailureEvent event) {
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
      record(login.getName(), "login", AuditEntry.DENIED, event.getException().getClass().getSimpleName());
    }
  }

  private void record(String name, String action, String outcome, @Nullable String reason) {
    trail.record(entry(name, action, outcome, reason, List.of()));
  }

  /**
   * An entry for what the user {@code name} did in this request (signing in, granting an app…), with the
   * patients it concerns.
   */
  AuditEntry entry(String name, String action, String outcome, @Nullable String reason, List<String> patients) {
    var user = users.find(name);
    AuditContext.Actor actor = new AuditContext.Actor(clip(name), user.map(UserAccount::fhirUser).orElse(null),
        user.map(UserAccount::roles).orElse(Set.of()), user.map(UserAccount::organization).orElse(null), false);
    HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
        ? a.getRequest() : null;
    AuditContext context = new AuditContext(actor, null, null, null,
        request == null ? null : request.getRemoteAddr(),
        request == null ? null : clip(request.getHeader("User-Agent")), null, action);
    return AuditEntry.of(context, clock.instant(), action, outcome, patients, List.of(), reason);
  }

  private static @Nullable String clip(@Nullable String value) {
    return value == null || value.length() <= 200 ? value : value.substring(0, 200);
  }
}
