package vn.sen.app.platform.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.access.AccessFact;
import vn.sen.fhir.core.access.AccessFact.CareRelation;
import vn.sen.fhir.core.access.AccessFact.LabelRestriction;
import vn.sen.fhir.core.access.AccessFact.LocalOnly;
import vn.sen.fhir.core.access.AccessFactExtractor;

/**
 * What counts as a care relationship and as the patient's consent in Sen, read from the resources that
 * state them:
 * <ul>
 *   <li>registration: Patient.managingOrganization and generalPractitioner (the commune health station);</li>
 *   <li>an open Encounter (planned … in-progress, on leave) or an active EpisodeOfCare: the organisation
 *       providing it and the practitioners taking part;</li>
 *   <li>membership of an active CareTeam (practitioners, roles, organisations, family caregivers);</li>
 *   <li>an open referral: ServiceRequest.performer, Task.owner;</li>
 *   <li>break-glass: a Task coded {@code access|break-glass} grants its requester access until the end of
 *       Task.restriction.period;</li>
 *   <li>active Consents with a Sen policy rule: {@code caregiver} (a RelatedPerson may see and act until
 *       provision.period ends), {@code local-only} (only the named organisations see the record),
 *       {@code restrict-category} (resources with the provision's security labels only for the roles named
 *       by the {@link SenCodes#ALLOWED_ROLE} extension).</li>
 * </ul>
 * Withdrawing (Consent.status other than active) or closing the source removes the fact at once: the store
 * replaces a resource's facts in the transaction that writes it.
 */
public final class CareAccessFacts implements AccessFactExtractor {
  static final Set<Encounter.EncounterStatus> OPEN_ENCOUNTER = Set.of(Encounter.EncounterStatus.PLANNED,
      Encounter.EncounterStatus.ARRIVED, Encounter.EncounterStatus.TRIAGED, Encounter.EncounterStatus.INPROGRESS,
      Encounter.EncounterStatus.ONLEAVE);
  private static final Set<Task.TaskStatus> OPEN_TASK = Set.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.RECEIVED,
      Task.TaskStatus.ACCEPTED, Task.TaskStatus.READY, Task.TaskStatus.INPROGRESS, Task.TaskStatus.ONHOLD);
  private static final Set<Task.TaskStatus> REVOKED_TASK = Set.of(Task.TaskStatus.CANCELLED,
      Task.TaskStatus.REJECTED, Task.TaskStatus.ENTEREDINERROR);
  private static final Set<String> PARTY_TYPES =
      Set.of("Organization", "Practitioner", "PractitionerRole", "RelatedPerson");

  private final Clock clock;

  public CareAccessFacts(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<AccessFact> extract(Resource resource, @Nullable String patient) {
    if (patient == null) {
      return List.of();
    }
    List<AccessFact> facts = new ArrayList<>();
    switch (resource) {
      case Patient p -> {
        relate(facts, patient, p.getManagingOrganization(), null);
        p.getGeneralPractitioner().forEach(ref -> relate(facts, patient, ref, null));
      }
      case Encounter e when OPEN_ENCOUNTER.contains(e.getStatus()) -> {
        relate(facts, patient, e.getServiceProvider(), null);
        e.getParticipant().forEach(part -> relate(facts, patient, part.getIndividual(), null));
      }
      case EpisodeOfCare e when e.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE -> {
        relate(facts, patient, e.getManagingOrganization(), null);
        relate(facts, patient, e.getCareManager(), null);
      }
      case CareTeam t when t.getStatus() == CareTeam.CareTeamStatus.ACTIVE -> {
        t.getParticipant().forEach(part -> relate(facts, patient, part.getMember(), null));
        t.getManagingOrganization().forEach(ref -> relate(facts, patient, ref, null));
      }
      case ServiceRequest s when s.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE ->
          s.getPerformer().forEach(ref -> relate(facts, patient, ref, null));
      case Task t when has(t.getCode(), SenCodes.ACCESS, "break-glass") -> breakGlass(facts, patient, t);
      case Task t when OPEN_TASK.contains(t.getStatus()) -> relate(facts, patient, t.getOwner(), null);
      case Consent c when c.getStatus() == Consent.ConsentState.ACTIVE -> consent(facts, patient, c);
      default -> {
        // other resources state no relationship
      }
    }
    return facts;
  }

  /**
   * An emergency access lasts until the end of its restriction period, whatever the review Task's status
   * (reviewing it does not cut it short); cancelling it (cancelled, rejected, entered-in-error) ends it.
   */
  private static void breakGlass(List<AccessFact> facts, String patient, Task t) {
    if (REVOKED_TASK.contains(t.getStatus()) || !t.getRestriction().getPeriod().hasEnd()) {
      return;
    }
    relate(facts, patient, t.getRequester(), t.getRestriction().getPeriod().getEnd().toInstant());
  }

  private void consent(List<AccessFact> facts, String patient, Consent c) {
    Instant end = c.getProvision().getPeriod().hasEnd() ? c.getProvision().getPeriod().getEnd().toInstant() : null;
    if (end != null && end.isBefore(clock.instant())) {
      return;
    }
    Set<String> policies = new LinkedHashSet<>();
    for (Coding coding : c.getPolicyRule().getCoding()) {
      if (SenCodes.CONSENT_POLICY.equals(coding.getSystem()) && coding.hasCode()) {
        policies.add(coding.getCode());
      }
    }
    if (policies.contains("caregiver")) {
      c.getProvision().getActor().forEach(actor -> {
        if ("RelatedPerson".equals(typeOf(actor.getReference()))) {
          relate(facts, patient, actor.getReference(), end);
        }
      });
    }
    if (policies.contains("local-only")) {
      Set<String> orgs = new LinkedHashSet<>();
      c.getProvision().getActor().forEach(actor -> {
        if ("Organization".equals(typeOf(actor.getReference()))) {
          orgs.add(actor.getReference().getReference());
        }
      });
      if (orgs.isEmpty()) {
        c.getOrganization().forEach(ref -> {
          if ("Organization".equals(typeOf(ref))) {
            orgs.add(ref.getReference());
          }
        });
      }
      facts.add(new LocalOnly(patient, orgs));
    }
    if (policies.contains("restrict-category")) {
      Set<String> roles = new LinkedHashSet<>();
      for (Extension ext : c.getProvision().getExtensionsByUrl(SenCodes.ALLOWED_ROLE)) {
        if (ext.getValue() != null && ext.getValue().hasPrimitiveValue()) {
          roles.add(ext.getValue().primitiveValue());
        }
      }
      for (Coding label : c.getProvision().getSecurityLabel()) {
        if (label.hasSystem() && label.hasCode()) {
          facts.add(new LabelRestriction(patient, label.getSystem(), label.getCode(), roles));
        }
      }
    }
  }

  private static void relate(List<AccessFact> facts, String patient, Reference ref, @Nullable Instant expires) {
    String type = typeOf(ref);
    if (type != null && PARTY_TYPES.contains(type)) {
      facts.add(new CareRelation(patient, ref.getReference(), expires));
    }
  }

  /** The type of a relative reference {@code Type/id}; null for anything else. */
  static @Nullable String typeOf(Reference ref) {
    String r = ref.getReference();
    if (r == null) {
      return null;
    }
    int slash = r.indexOf('/');
    return slash > 0 && slash == r.lastIndexOf('/') && slash < r.length() - 1 ? r.substring(0, slash) : null;
  }

  static boolean has(CodeableConcept concept, String system, String code) {
    for (Coding c : concept.getCoding()) {
      if (system.equals(c.getSystem()) && code.equals(c.getCode())) {
        return true;
      }
    }
    return false;
  }
}
