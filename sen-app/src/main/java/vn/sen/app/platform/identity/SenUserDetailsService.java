package vn.sen.app.platform.identity;

import java.time.Clock;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Users for form login: Spring's own {@link User} (so that Spring Authorization Server can store the
 * sign-in with its authorizations), locked while {@link LoginThrottle} counts too many failures.
 */
final class SenUserDetailsService implements UserDetailsService {
  private final UserAccounts users;
  private final IdentityProperties properties;
  private final Clock clock;

  SenUserDetailsService(UserAccounts users, IdentityProperties properties, Clock clock) {
    this.users = users;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    UserAccount user = users.find(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    return User.withUsername(user.username())
        .password(user.passwordHash())
        .disabled(!user.enabled())
        .accountLocked(user.locked(clock.instant(), properties.maxFailedLogins(), properties.lockout()))
        .authorities(user.roles().stream().map(role -> "ROLE_" + role).toArray(String[]::new))
        .build();
  }
}
