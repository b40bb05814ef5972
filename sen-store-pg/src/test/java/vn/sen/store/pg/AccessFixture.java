package vn.sen.store.pg;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.access.AccessFact;
import vn.sen.fhir.core.access.AccessFactExtractor;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * Builders and a small fact extractor for the access tests: an in-progress Encounter relates its service
 * provider, Patient.managingOrganization relates that organisation, a ServiceRequest relates its performer
 * until the end of its occurrence period, a Consent with policy rule {@code local-only} keeps the record to its
 * organisations and one with {@code restrict} restricts its provision's security labels to the roles named
 * by the provision's actor roles.
 */
final class AccessFixture {
  static final SearchParameterRegistry REGISTRY = new SearchParameterRegistry(FhirContext.forR4Cached());
  static final String LABELS = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String LOINC = "http://loinc.org";

  /** A clock the tests move. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final AccessFactExtractor FACTS = AccessFixture::facts;

  private AccessFixture() {}

  static PostgresFhirRepository repository(TestDatabase db, Clock clock, List<CommitHook> hooks) {
    StoreSchema.migrate(db.dataSource());
    return new PostgresFhirRepository(db.dataSource(), REGISTRY, new FhirPathIndexExtractor(REGISTRY), FACTS,
        hooks, clock, IdGenerator.random(new SplittableRandom(11)));
  }

  private static List<AccessFact> facts(Resource resource, @Nullable String patient) {
    if (patient == null) {
      return List.of();
    }
    List<AccessFact> facts = new ArrayList<>();
    switch (resource) {
      case Patient p when p.hasManagingOrganization() ->
          facts.add(new AccessFact.CareRelation(patient, p.getManagingOrganization().getReference(), null));
      case Encounter e when e.getStatus() == Encounter.EncounterStatus.INPROGRESS && e.hasServiceProvider() ->
          facts.add(new AccessFact.CareRelation(patient, e.getServiceProvider().getReference(), null));
      case ServiceRequest r when r.hasPerformer() -> {
        Date end = r.hasOccurrencePeriod() ? r.getOccurrencePeriod().getEnd() : null;
        facts.add(new AccessFact.CareRelation(patient, r.getPerformerFirstRep().getReference(),
            end == null ? null : end.toInstant()));
      }
      case Consent c when c.getStatus() == Consent.ConsentState.ACTIVE -> {
        String rule = c.getPolicyRule().getCodingFirstRep().getCode();
        if ("local-only".equals(rule)) {
          Set<String> orgs = new LinkedHashSet<>();
          c.getOrganization().forEach(o -> orgs.add(o.getReference()));
          facts.add(new AccessFact.LocalOnly(patient, orgs));
        } else if ("restrict".equals(rule)) {
          Set<String> roles = new LinkedHashSet<>();
          c.getProvision().getActor().forEach(a -> roles.add(a.getRole().getCodingFirstRep().getCode()));
          for (Coding label : c.getProvision().getSecurityLabel()) {
            facts.add(new AccessFact.LabelRestriction(patient, label.getSystem(), label.getCode(), roles));
          }
        }
      }
      default -> {
      }
    }
    return facts;
  }

  static Organization organization(String name) {
    Organization o = new Organization();
    o.setName(name);
    return o;
  }

  static Patient patient(String family, @Nullable String managingOrganization) {
    Patient p = new Patient();
    p.addName(new HumanName().setFamily(family));
    if (managingOrganization != null) {
      p.setManagingOrganization(new Reference(managingOrganization));
    }
    return p;
  }

  static Encounter encounter(String patient, String provider, Encounter.EncounterStatus status) {
    Encounter e = new Encounter();
    e.setStatus(status);
    e.setSubject(new Reference("Patient/" + patient));
    e.setServiceProvider(new Reference(provider));
    return e;
  }

  static Observation observation(String patient, String code, @Nullable String label) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem(LOINC).setCode(code);
    o.setSubject(new Reference("Patient/" + patient));
    if (label != null) {
      o.getMeta().addSecurity(LABELS, label, null);
    }
    return o;
  }

  static ServiceRequest referral(String patient, String performer, @Nullable Instant until) {
    ServiceRequest r = new ServiceRequest();
    r.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    r.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    r.setSubject(new Reference("Patient/" + patient));
    r.addPerformer(new Reference(performer));
    if (until != null) {
      r.setOccurrence(new Period().setEnd(Date.from(until)));
    }
    return r;
  }

  static Consent localOnly(String patient, String... organizations) {
    Consent c = consent(patient, "local-only");
    for (String o : organizations) {
      c.addOrganization(new Reference(o));
    }
    return c;
  }

  static Consent restrictLabel(String patient, String label, String role) {
    Consent c = consent(patient, "restrict");
    c.getProvision().addSecurityLabel(new Coding(LABELS, label, null));
    c.getProvision().addActor().setReference(new Reference("Organization/any"))
        .setRole(new CodeableConcept(new Coding("urn:sen:role", role, null)));
    return c;
  }

  private static Consent consent(String patient, String rule) {
    Consent c = new Consent();
    c.setStatus(Consent.ConsentState.ACTIVE);
    c.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
    c.addCategory().addCoding().setSystem(LOINC).setCode("59284-0");
    c.setPatient(new Reference("Patient/" + patient));
    c.setPolicyRule(new CodeableConcept(new Coding("urn:sen:rule", rule, null)));
    return c;
  }

  /** A clinician at {@code organization}, acting as it and as {@code practitioner}. */
  static AccessFilter clinician(String organization, String practitioner, String... roles) {
    return new AccessFilter(false, true, null, null, Set.of(organization, practitioner), organization,
        Set.of(roles));
  }

  static AccessFilter patientUser(String patient) {
    return new AccessFilter(false, true, null, patient, Set.of(), null, Set.of("patient"));
  }
}
