package vn.sen.fhir.core.access;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A fact about who may see a patient's record, derived from one resource when it is written (an active
 * Encounter, a CareTeam, a Consent, a referral Task…). The store keeps the facts of a resource in step with
 * its current version, in the same transaction: replaced on update, removed on delete.
 */
public sealed interface AccessFact {

  /** The patient whose record the fact is about. */
  String patient();

  /**
   * {@code party} has a care relationship with the patient: it may see the record, subject to the patient's
   * other facts.
   *
   * @param party a reference such as {@code Organization/o1}, {@code Practitioner/p1},
   *     {@code PractitionerRole/r1} or {@code RelatedPerson/c1}
   * @param expires when the relationship ends by itself (break-glass), null while the source resource stands
   */
  record CareRelation(String patient, String party, @Nullable Instant expires) implements AccessFact {}

  /**
   * The patient keeps the record local: only callers at these organisations see it (the patient always).
   *
   * @param organizations references such as {@code Organization/o1}
   */
  record LocalOnly(String patient, Set<String> organizations) implements AccessFact {}

  /**
   * The patient's resources that carry the security label {@code system|code} are visible only to callers
   * holding one of {@code roles} (the patient always).
   */
  record LabelRestriction(String patient, String system, String code, Set<String> roles) implements AccessFact {}
}
