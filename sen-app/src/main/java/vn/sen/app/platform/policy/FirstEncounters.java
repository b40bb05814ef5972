package vn.sen.app.platform.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one write that may open a patient's record to the one who makes it: a staff member who registers
 * patients (doctor, nurse, receptionist) and has just identified the patient by a national identifier
 * ({@code Patient/$match}) creates the first Encounter at their own organisation. The Encounter then relates
 * the organisation to the patient ({@link CareAccessFacts}), and the record is seen by the usual rules,
 * the patient's consent included.
 *
 * <p>Exactly this case, nothing wider: only a create of an Encounter in an open status, whose
 * serviceProvider is the writer's organisation, whose subject is a patient this user identified at this
 * organisation within the last {@code window}, and whose participants (if any) are the writer themself.
 * Identifications are kept in {@code access_match} (V8).
 */
public final class FirstEncounters {
  /** Roles that register patients and open their visits. */
  static final Set<String> ROLES = Set.of("doctor", "nurse", "receptionist");

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration window;

  /** @param window how long after identifying a patient the first Encounter may be created */
  public FirstEncounters(DataSource dataSource, Clock clock, Duration window) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
    this.window = window;
  }

  /** Whether the subject may identify patients it has no relationship with (a registering staff member). */
  static boolean mayIdentify(AccessSubject s) {
    return !s.system() && s.fhirUser() != null && s.organization() != null
        && s.roles().stream().anyMatch(ROLES::contains);
  }

  /** Remembers that the subject identified these patients now, at its organisation. */
  void identified(AccessSubject s, Collection<String> patients) {
    Instant now = clock.instant();
    Timestamp at = Timestamp.from(now);
    Timestamp until = Timestamp.from(now.plus(window));
    for (String patient : patients) {
      // one row per user and patient: a repeated match (also a concurrent one) only moves its expiry
      jdbc.update("""
          insert into access_match (username, organization, patient_id, matched_at, expires_at)
          values (?, ?, ?, ?, ?)
          on conflict (username, patient_id) do update
            set organization = excluded.organization, matched_at = excluded.matched_at,
                expires_at = excluded.expires_at""",
          s.subject(), s.organization(), patient, at, until);
    }
    jdbc.update("delete from access_match where username = ? and expires_at < ?", s.subject(), at);
  }

  /**
   * The patient whose record this create may open, when {@code resource} is exactly such a first Encounter
   * by {@code s}; empty for anything else, which then takes the ordinary path.
   *
   * @param parties the references the subject acts as (its Practitioner, PractitionerRoles, organisation)
   */
  Optional<String> opens(AccessSubject s, Resource resource, Set<String> parties) {
    String organization = s.organization();
    if (!(resource instanceof Encounter e) || !mayIdentify(s) || organization == null
        || !CareAccessFacts.OPEN_ENCOUNTER.contains(e.getStatus())
        || !organization.equals(e.getServiceProvider().getReference())) {
      return Optional.empty();
    }
    String subject = e.getSubject().getReference();
    if (subject == null || !"Patient".equals(CareAccessFacts.typeOf(e.getSubject()))) {
      return Optional.empty();
    }
    for (Encounter.EncounterParticipantComponent p : e.getParticipant()) {
      if (p.hasIndividual() && !parties.contains(p.getIndividual().getReference())) {
        return Optional.empty();
      }
    }
    String patient = subject.substring("Patient/".length());
    Integer found = jdbc.queryForObject("""
        select count(*) from access_match
        where username = ? and patient_id = ? and organization = ? and expires_at > ?""",
        Integer.class, s.subject(), patient, organization, Timestamp.from(clock.instant()));
    return found != null && found > 0 ? Optional.of(patient) : Optional.empty();
  }
}
