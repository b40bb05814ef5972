package vn.sen.app.platform.identity;

import java.util.Set;

/** The role codes a user may hold; what each allows is {@link vn.sen.app.platform.policy.RolePermissions}. */
public final class Roles {
  public static final Set<String> ALL = Set.of("doctor", "nurse", "pharmacist", "receptionist", "social-worker",
      "community-health-worker", "patient", "caregiver", "manager", "admin", "researcher");

  private Roles() {}

  static String require(String role) {
    if (!ALL.contains(role)) {
      throw new IllegalArgumentException("unknown role '" + role + "'; one of " + String.join(", ",
          ALL.stream().sorted().toList()));
    }
    return role;
  }
}
