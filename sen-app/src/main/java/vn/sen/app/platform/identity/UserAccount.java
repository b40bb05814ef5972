package vn.sen.app.platform.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A person who signs in to Sen, linked to the FHIR resource they are.
 *
 * @param username sign-in name
 * @param passwordHash DelegatingPasswordEncoder hash, e.g. {@code {argon2}…}
 * @param roles role codes ({@link Roles})
 * @param fhirUser e.g. {@code Practitioner/p1}, {@code PractitionerRole/r1}, {@code Patient/x},
 *     {@code RelatedPerson/c1}
 * @param organization e.g. {@code Organization/o1}
 * @param patient for a patient user, their own Patient id
 * @param enabled disabled users cannot sign in and get no new tokens
 * @param failedLogins failures since the last success (within the lock-out window)
 * @param lastFailedLogin when the last failure happened
 */
public record UserAccount(
    String username,
    String passwordHash,
    Set<String> roles,
    @Nullable String fhirUser,
    @Nullable String organization,
    @Nullable String patient,
    boolean enabled,
    int failedLogins,
    @Nullable Instant lastFailedLogin) {

  public UserAccount {
    roles = Set.copyOf(roles);
  }

  /** Locked while {@code max} failures are counted and the last one is more recent than {@code lockout}. */
  public boolean locked(Instant now, int max, Duration lockout) {
    return failedLogins >= max && lastFailedLogin != null && lastFailedLogin.isAfter(now.minus(lockout));
  }
}
