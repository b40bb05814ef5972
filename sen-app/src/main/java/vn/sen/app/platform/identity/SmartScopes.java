package vn.sen.app.platform.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.sen.app.platform.policy.AccessSubject.ScopeGrant;

/**
 * SMART App Launch clinical scopes turned into a {@link ScopeGrant}: {@code (patient|user|system)/(Type|*).perms}
 * with v2 permissions in the order {@code c r u d s} (e.g. {@code patient/*.rs},
 * {@code user/Observation.cruds}) or v1 {@code read}, {@code write}, {@code *}
 * (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART scopes</a>).
 * Other scopes ({@code openid}, {@code fhirUser}, {@code launch/patient}, {@code offline_access}) grant no
 * resource access. A v2 scope narrowed by search parameters ({@code ?category=…}) is not granted at all:
 * Sen does not enforce such narrowing, so it refuses rather than widens.
 */
public final class SmartScopes {
  private static final Pattern CLINICAL =
      Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.(c?r?u?d?s?|read|write|\\*)");

  private SmartScopes() {}

  /**
   * A clinical scope's parts.
   *
   * @param context {@code patient}, {@code user} or {@code system}
   * @param type a resource type or {@code *}
   * @param interactions some of {@code c r u d s}, in that order (v1 permissions translated)
   */
  record Clinical(String context, String type, String interactions) {}

  /** The parts of a clinical scope; empty for any other scope (or one that permits nothing). */
  static Optional<Clinical> clinical(String scope) {
    Matcher m = CLINICAL.matcher(scope);
    if (!m.matches() || m.group(3).isEmpty()) {
      return Optional.empty();
    }
    String interactions = switch (m.group(3)) {
      case "read" -> "rs";
      case "write" -> "cud";
      case "*" -> "cruds";
      default -> m.group(3);
    };
    return Optional.of(new Clinical(m.group(1), m.group(2), interactions));
  }

  /** The grant of a token's scopes: per resource type (or {@code *}), the interactions {@code c r u d s}. */
  public static ScopeGrant grant(Collection<String> scopes) {
    Map<String, String> byType = new HashMap<>();
    for (String scope : scopes) {
      clinical(scope).ifPresent(c -> byType.merge(c.type(), c.interactions(), String::concat));
    }
    Map<String, String> granted = Map.copyOf(byType);
    return (type, interaction) -> granted.getOrDefault(type, "").indexOf(interaction) >= 0
        || granted.getOrDefault("*", "").indexOf(interaction) >= 0;
  }

  /**
   * Whether every clinical scope among these is of the {@code patient/} context (and there is one): a token
   * for an app launched for one patient, whose access the policy narrows to that patient's record.
   */
  public static boolean patientContextOnly(Collection<String> scopes) {
    boolean any = false;
    for (String scope : scopes) {
      Optional<Clinical> c = clinical(scope);
      if (c.isPresent()) {
        if (!c.get().context().equals("patient")) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** Whether these scopes name any clinical access for the {@code patient/} context. */
  static boolean isClinical(String scope) {
    return CLINICAL.matcher(scope).matches();
  }
}
