package vn.sen.app.platform.policy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What each role may do with which resource types, before relationships and consent are considered.
 * Types inside a patient compartment and types outside any (directory, terminology) are listed
 * separately. Sen's defaults, documented in docs/security.md:
 *
 * <table>
 *   <caption>role permissions</caption>
 *   <tr><th>role</th><th>reads in a related patient's record</th><th>writes there</th></tr>
 *   <tr><td>doctor</td><td>everything</td><td>everything</td></tr>
 *   <tr><td>nurse</td><td>everything</td><td>everything but prescriptions</td></tr>
 *   <tr><td>pharmacist</td><td>demographics, medicines, allergies, conditions, observations, care coordination</td>
 *       <td>dispensing, medication statements, communications, tasks</td></tr>
 *   <tr><td>receptionist</td><td>demographics, visits, appointments, coverage, consent</td><td>the same</td></tr>
 *   <tr><td>social-worker</td><td>demographics, care coordination, observations</td>
 *       <td>tasks, communications, care plans, goals, observations</td></tr>
 *   <tr><td>community-health-worker</td><td>demographics, care coordination, medicines, observations, conditions</td>
 *       <td>observations, tasks, communications, dose records, immunisations</td></tr>
 *   <tr><td>patient</td><td>their own record</td><td>messages, home readings, dose records, questionnaires, consent</td></tr>
 *   <tr><td>caregiver</td><td>what the patient granted</td><td>messages, home readings, dose records, questionnaires</td></tr>
 *   <tr><td>manager, admin, researcher</td><td>nothing</td><td>nothing (directory only; audit for manager and admin)</td></tr>
 * </table>
 */
public final class RolePermissions {
  static final Set<String> DEMOGRAPHIC = Set.of("Patient", "RelatedPerson", "Person", "Encounter", "EpisodeOfCare",
      "Appointment", "AppointmentResponse", "Coverage", "Account", "Consent", "Flag");
  static final Set<String> MEDICATION = Set.of("MedicationRequest", "MedicationDispense", "MedicationAdministration",
      "MedicationStatement", "AllergyIntolerance", "Immunization");
  static final Set<String> COORDINATION = Set.of("CarePlan", "CareTeam", "Task", "Goal", "Communication",
      "CommunicationRequest", "ServiceRequest", "Flag", "QuestionnaireResponse");
  static final Set<String> SELF_REPORT = Set.of("Communication", "Observation", "MedicationAdministration",
      "MedicationStatement", "QuestionnaireResponse");
  static final Set<String> DIRECTORY = Set.of("Organization", "Location", "Practitioner", "PractitionerRole",
      "HealthcareService", "Endpoint", "Schedule", "Slot");

  /** One role's grants; {@code null} read set = every type. */
  record Grant(@Nullable Set<String> compartmentRead, Set<String> compartmentWrite, boolean outsideRead,
      Set<String> outsideWrite, boolean audit) {}

  private static final Grant NONE = new Grant(Set.of(), Set.of(), false, Set.of(), false);
  private final Map<String, Grant> grants;

  public RolePermissions() {
    this.grants = Map.ofEntries(
        Map.entry("doctor", new Grant(null, ALL, true, Set.of("Medication"), false)),
        Map.entry("nurse", new Grant(null, Set.of("*-MedicationRequest"), true, Set.of("Medication"), false)),
        Map.entry("pharmacist", new Grant(union(DEMOGRAPHIC, MEDICATION, COORDINATION, Set.of("Condition", "Observation")),
            Set.of("MedicationDispense", "MedicationStatement", "Communication", "Task"), true, Set.of("Medication"),
            false)),
        Map.entry("receptionist", new Grant(DEMOGRAPHIC, DEMOGRAPHIC, true, Set.of(), false)),
        Map.entry("social-worker", new Grant(union(DEMOGRAPHIC, COORDINATION, Set.of("Observation")),
            Set.of("Task", "Communication", "CarePlan", "Goal", "Observation"), true, Set.of(), false)),
        Map.entry("community-health-worker", new Grant(
            union(DEMOGRAPHIC, COORDINATION, MEDICATION, Set.of("Observation", "Condition")),
            Set.of("Observation", "Task", "Communication", "MedicationAdministration", "MedicationStatement",
                "Immunization"), true, Set.of(), false)),
        Map.entry("patient", new Grant(null, union(SELF_REPORT, Set.of("Consent")), true, Set.of(), true)),
        Map.entry("caregiver", new Grant(null, SELF_REPORT, true, Set.of(), false)),
        Map.entry("manager", new Grant(Set.of(), Set.of(), true, DIRECTORY, true)),
        Map.entry("admin", new Grant(Set.of(), Set.of(), true, DIRECTORY, true)),
        Map.entry("researcher", new Grant(Set.of(), Set.of(), true, Set.of(), false)));
  }

  /** Marks "every type" in a write set; {@code *-X} means every type but X. */
  private static final Set<String> ALL = Set.of("*");

  /** The combined grant of several roles (a user may hold more than one). */
  Grant of(Set<String> roles) {
    Set<String> read = new HashSet<>();
    boolean readAll = false;
    Set<String> write = new HashSet<>();
    boolean outsideRead = false;
    Set<String> outsideWrite = new HashSet<>();
    boolean audit = false;
    for (String role : roles) {
      Grant g = grants.getOrDefault(role, NONE);
      if (g.compartmentRead() == null) {
        readAll = true;
      } else {
        read.addAll(g.compartmentRead());
      }
      write.addAll(g.compartmentWrite());
      outsideRead |= g.outsideRead();
      outsideWrite.addAll(g.outsideWrite());
      audit |= g.audit();
    }
    return new Grant(readAll ? null : Set.copyOf(read), Set.copyOf(write), outsideRead, Set.copyOf(outsideWrite),
        audit);
  }

  /** Whether a write set allows {@code type}. */
  static boolean writes(Set<String> writeSet, String type) {
    if (writeSet.contains(type) || writeSet.contains("*")) {
      return true;
    }
    for (String w : writeSet) {
      if (w.startsWith("*-") && !w.substring(2).equals(type)) {
        return true;
      }
    }
    return false;
  }

  /** The role codes this policy knows. */
  public Set<String> roles() {
    return grants.keySet();
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }
}
