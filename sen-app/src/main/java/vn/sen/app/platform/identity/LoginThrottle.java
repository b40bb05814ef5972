package vn.sen.app.platform.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Counts failed sign-ins per user: after {@link IdentityProperties#maxFailedLogins()} failures within
 * {@link IdentityProperties#lockout()} the user is locked until the lock-out has passed since the last
 * failure; a successful sign-in resets the count. Unknown user names are not stored.
 */
final class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  private final UserAccounts users;
  private final IdentityProperties properties;

  LoginThrottle(UserAccounts users, IdentityProperties properties) {
    this.users = users;
    this.properties = properties;
  }

  @EventListener
  public void failed(AuthenticationFailureBadCredentialsEvent event) {
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
      users.recordFailure(login.getName(), properties.lockout());
      log.info("Failed sign-in");
    }
  }

  @EventListener
  public void succeeded(AuthenticationSuccessEvent event) {
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
      users.recordSuccess(login.getName());
    }
  }
}
