package vn.sen.app.platform.audit;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.StoredResource;

/**
 * An entry as an <a href="https://hl7.org/fhir/R4/auditevent.html">R4 AuditEvent</a>, valid against the
 * base specification: type and subtype from the HL7 audit-event-type, restful-interaction and DICOM
 * (DCM) code systems, action C/R/U/D/E, the actor as the requesting agent (with network address), Sen as
 * the source, and the resources and patients as entities.
 */
final class AuditEventMapper {
  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  static final String PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  static final String ROLE_TYPE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
  static final String USER_ID = "https://sen.health.vn/fhir/sid/user";
  static final String REQUEST_ID = "https://sen.health.vn/fhir/sid/request-id";
  /** Sen's own actions that no standard code names (an app's access granted or withdrawn). */
  static final String SEN_ACTION = "https://sen.health.vn/fhir/CodeSystem/audit-action";

  /** Sen's actions by the R4 action code they map to; any other action is E (execute). */
  static final Map<String, String> ACTION_CODES = Map.of(
      "create", "C", "read", "R", "vread", "R", "history", "R", "update", "U", "delete", "D");

  private static final Map<String, String> REST_SUBTYPES = Map.of(
      "read", "read", "vread", "vread", "search", "search-type", "history", "history-instance",
      "everything", "operation", "create", "create", "update", "update", "delete", "delete");

  private final FhirContext context;

  AuditEventMapper(FhirContext context) {
    this.context = context;
  }

  /**
   * @param forPatient when a patient reads their own trail: only what concerns them (their own resources,
   *     no network details of the staff who looked)
   */
  StoredResource stored(AuditChain.Row link, @Nullable String forPatient) {
    AuditEvent event = toAuditEvent(link, forPatient);
    // entities name the exact versions touched (Type/id/_history/v), which HAPI strips by default
    byte[] json = context.newJsonParser().setStripVersionsFromReferences(false).encodeResourceToString(event)
        .getBytes(StandardCharsets.UTF_8);
    // The patient an event reports is the one whose "who looked at my record" it belongs to: none for an
    // event about several patients seen unmasked, so that the policy shows it to no single patient whole.
    List<String> patients = link.entry().patients();
    String patient = forPatient != null ? forPatient : patients.size() == 1 ? patients.get(0) : null;
    return new StoredResource("AuditEvent", Long.toString(link.seq()), 1, link.entry().recorded(), false, json,
        patient);
  }

  AuditEvent toAuditEvent(AuditChain.Row link, @Nullable String forPatient) {
    AuditEntry e = link.entry();
    AuditEvent event = new AuditEvent();
    event.setId(Long.toString(link.seq()));
    event.getMeta().setVersionId("1").setLastUpdated(Date.from(e.recorded()));
    type(event, e.action());
    event.setAction(AuditEventAction.fromCode(actionCode(e.action())));
    event.setRecorded(Date.from(e.recorded()));
    event.setOutcome(switch (e.outcome()) {
      case AuditEntry.SUCCESS -> AuditEventOutcome._0;
      case AuditEntry.DENIED -> AuditEventOutcome._4;
      default -> AuditEventOutcome._8;
    });
    if (!e.outcome().equals(AuditEntry.SUCCESS)) {
      event.setOutcomeDesc(e.outcome());
    }
    if (e.purpose() != null) {
      event.addPurposeOfEvent(new CodeableConcept(new Coding(PURPOSE, e.purpose(), null)));
    }
    boolean full = forPatient == null;
    event.addAgent(requestor(e, full));
    if (e.onBehalfOf() != null) {
      event.addAgent().setRequestor(false).setWho(new Reference(e.onBehalfOf()))
          .addRole(new CodeableConcept().setText("on-behalf-of"));
    }
    if (e.who().organization() != null) {
      event.addAgent().setRequestor(false).setWho(new Reference(e.who().organization()))
          .addRole(new CodeableConcept().setText("organization"));
    }
    if (full && e.userAgent() != null) {
      event.addAgent().setRequestor(false)
          .setType(new CodeableConcept(new Coding(DCM, "110150", "Application")))
          .setWho(new Reference().setDisplay(e.userAgent()));
    }
    event.getSource().setSite("Sen").setObserver(new Reference().setDisplay("Sen"))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
    entities(event, e, forPatient);
    if (full && e.requestId() != null) {
      event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(REQUEST_ID)
              .setValue(e.requestId())))
          .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
          .setDescription("request");
    }
    return event;
  }

  static String actionCode(String action) {
    return ACTION_CODES.getOrDefault(action, "E");
  }

  private static void type(AuditEvent event, String action) {
    switch (action) {
      case "login", "login-failed" -> {
        event.setType(new Coding(DCM, "110114", "User Authentication"));
        event.addSubtype(new Coding(DCM, "110122", "Login"));
      }
      case "logout" -> {
        event.setType(new Coding(DCM, "110114", "User Authentication"));
        event.addSubtype(new Coding(DCM, "110123", "Logout"));
      }
      case "break-glass" -> {
        event.setType(new Coding(DCM, "110113", "Security Alert"));
        event.addSubtype(new Coding(DCM, "110127", "Emergency Override Started"));
      }
      case "export" -> event.setType(new Coding(DCM, "110106", "Export"));
      // a user granted an app access (SMART consent page) or withdrew it; the reason names the app and scopes
      case "app-consent", "app-consent-withdrawn" -> {
        event.setType(new Coding(DCM, "110137", "User Security Attributes Changed"));
        event.addSubtype(new Coding(SEN_ACTION, action, action.equals("app-consent")
            ? "App granted access" : "App access withdrawn"));
      }
      default -> {
        event.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
        String subtype = REST_SUBTYPES.get(action);
        if (subtype != null) {
          event.addSubtype(new Coding(INTERACTION, subtype, null));
        }
      }
    }
  }

  private static AuditEventAgentComponent requestor(AuditEntry e, boolean full) {
    AuditEventAgentComponent agent = new AuditEventAgentComponent().setRequestor(true);
    agent.setType(new CodeableConcept(new Coding(ROLE_TYPE, e.who().system() ? "dataprocessor" : "humanuser",
        e.who().system() ? "data processor" : "human user")));
    Reference who = new Reference().setIdentifier(new Identifier().setSystem(USER_ID).setValue(e.who().name()));
    if (e.who().fhirUser() != null) {
      who.setReference(e.who().fhirUser());
    }
    agent.setWho(who);
    e.who().roles().stream().sorted().forEach(r -> agent.addRole(new CodeableConcept().setText(r)));
    if (e.reason() != null) {
      agent.addPurposeOfUse(new CodeableConcept().setText(e.reason()));
    }
    if (full && e.clientAddress() != null) {
      agent.getNetwork().setAddress(e.clientAddress()).setType(AuditEventAgentNetworkType._2);
    }
    return agent;
  }

  private static void entities(AuditEvent event, AuditEntry e, @Nullable String forPatient) {
    List<String> patients = forPatient == null ? e.patients() : List.of(forPatient);
    for (String p : patients) {
      event.addEntity().setWhat(new Reference("Patient/" + p))
          .setType(new Coding(ENTITY_TYPE, "1", "Person"))
          .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
    }
    // A patient sees the resources only of entries about them alone: an entry about several patients
    // (a search) must not tell one patient what was read of the others.
    if (forPatient != null && !e.patients().equals(List.of(forPatient))) {
      return;
    }
    for (String entity : e.entities()) {
      AuditEventEntityComponent c = event.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"));
      if (entity.indexOf('/') > 0) {
        c.setWhat(new Reference(entity)).setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
      } else {
        c.setName(entity);
      }
    }
  }
}
