package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * The access policy over HTTP, as a matrix: every role × kind of care relationship × consent state ×
 * interaction (read, search, {@code _revinclude}, {@code $everything}, history, write) against the real
 * server with real tokens, each cell with the answer the policy in docs/security.md prescribes.
 *
 * <p>The record set: a hospital H and two commune health stations C1 and C2, and five patients —
 * <ul>
 *   <li>{@code enc}: registered at C2, in an open encounter at H with the doctor taking part;</li>
 *   <li>{@code c1}: registered at C1 only;</li>
 *   <li>{@code local}: registered at C1, in an open encounter at H, consent "keep my record at C1";</li>
 *   <li>{@code hiv}: registered at C1, on a CareTeam with the doctor, an HIV diagnosis restricted by consent to
 *       doctors;</li>
 *   <li>{@code care}: registered at C2, consent naming a caregiver (RelatedPerson) who may see and act.</li>
 * </ul>
 */
@ExtendWith(SenServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyMatrixTest {
  private static final String STAFF_SCOPES = "user/*.cruds";
  private static final String PATIENT_SCOPES = "patient/*.cruds";
  private static final String PASSWORD = "matrix-" + UUID.randomUUID();

  private SenServer.Running sen;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, String> patients = new LinkedHashMap<>();
  private final Map<String, String> observations = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private String hivCondition;
  private String caregiverConsent;

  /** A user of the matrix: roles, the resource they are, their organisation, the patients they may see. */
  record User(String name, String role, String fhirUserKey, @Nullable String orgKey, Set<String> sees) {}

  private final Map<String, String> refs = new LinkedHashMap<>();

  private List<User> users() {
    return List.of(
        new User("doctor", "doctor", "doc", "H", Set.of("enc", "hiv")),
        new User("nurse-c1", "nurse", "nurseC1", "C1", Set.of("c1", "local", "hiv")),
        new User("chw-c2", "community-health-worker", "chwC2", "C2", Set.of("enc", "care")),
        new User("pharmacist", "pharmacist", "pharm", "H", Set.of("enc")),
        new User("receptionist", "receptionist", "recep", "H", Set.of("enc")),
        new User("social-worker", "social-worker", "social", "S", Set.of()),
        new User("patient", "patient", "patient:care", null, Set.of("care")),
        new User("caregiver", "caregiver", "R1", null, Set.of("care")),
        new User("manager", "manager", "mgr", "H", Set.of()),
        new User("researcher", "researcher", "res", null, Set.of()),
        new User("admin", "admin", "adm", null, Set.of()));
  }

  /** Types each role reads inside a record (null: all), per docs/security.md. */
  private static boolean readsType(String role, String type) {
    return switch (role) {
      case "doctor", "nurse", "patient", "caregiver" -> true;
      case "pharmacist", "community-health-worker" -> true; // Patient, Observation, Condition all granted
      case "receptionist" -> type.equals("Patient");
      case "social-worker" -> !type.equals("Condition");
      default -> false;
    };
  }

  private static boolean writesObservation(String role) {
    return Set.of("doctor", "nurse", "social-worker", "community-health-worker", "patient", "caregiver").contains(role);
  }

  @BeforeAll
  void createRecords() {
    sen = SenServer.get();
    IGenericClient fhir = sen.fhirClient();
    for (String org : List.of("H", "C1", "C2", "S")) {
      Organization o = new Organization();
      o.setName("Matrix " + org + " " + run);
      refs.put(org, "Organization/" + create(fhir, o));
    }
    for (String p : List.of("doc", "nurseC1", "chwC2", "pharm", "recep", "social", "mgr", "res", "adm")) {
      Practitioner pr = new Practitioner();
      pr.addName().setFamily("Matrix").addGiven(p);
      refs.put(p, "Practitioner/" + create(fhir, pr));
    }
    patients.put("enc", patient(fhir, "C2"));
    patients.put("c1", patient(fhir, "C1"));
    patients.put("local", patient(fhir, "C1"));
    patients.put("hiv", patient(fhir, "C1"));
    patients.put("care", patient(fhir, "C2"));
    refs.put("patient:care", "Patient/" + patients.get("care"));

    encounter(fhir, "enc", "H", "doc");
    encounter(fhir, "local", "H", "doc");
    Consent local = consent("local", "local-only");
    local.getProvision().addActor().setReference(new Reference(refs.get("C1")))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("CST");
    create(fhir, local);

    CareTeam team = new CareTeam();
    team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.setSubject(new Reference("Patient/" + patients.get("hiv")));
    team.addParticipant().setMember(new Reference(refs.get("doc")));
    create(fhir, team);
    Condition hiv = new Condition();
    hiv.setSubject(new Reference("Patient/" + patients.get("hiv")));
    hiv.getCode().addCoding().setSystem(SenCodes.ICD10).setCode("B20");
    hivCondition = create(fhir, hiv);
    Consent restrict = consent("hiv", "restrict-category");
    restrict.getProvision().addSecurityLabel().setSystem(SenCodes.ACT_CODE).setCode("HIV");
    restrict.getProvision().addExtension(SenCodes.ALLOWED_ROLE, new CodeType("doctor"));
    create(fhir, restrict);

    RelatedPerson r1 = new RelatedPerson();
    r1.setPatient(new Reference("Patient/" + patients.get("care")));
    r1.addName().setFamily("Matrix").addGiven("Con");
    refs.put("R1", "RelatedPerson/" + create(fhir, r1));
    Consent caregiver = consent("care", "caregiver");
    caregiver.getProvision().addActor().setReference(new Reference(refs.get("R1")))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("FAMMEMB");
    caregiverConsent = create(fhir, caregiver);

    for (Map.Entry<String, String> p : patients.entrySet()) {
      observations.put(p.getKey(), create(fhir, observation(p.getValue())));
    }
    for (User u : users()) {
      String username = u.name() + "-" + run;
      String fhirUser = refs.get(u.fhirUserKey());
      String patient = u.role().equals("patient") ? patients.get("care") : null;
      sen.createUser(username, PASSWORD, Set.of(u.role()), fhirUser, u.orgKey() == null ? null : refs.get(u.orgKey()),
          patient);
      boolean personal = u.role().equals("patient") || u.role().equals("caregiver");
      tokens.put(u.name(), sen.tokenFor(username, "openid", "fhirUser", personal ? PATIENT_SCOPES : STAFF_SCOPES));
    }
  }

  @TestFactory
  Stream<DynamicNode> everyRoleRelationshipAndInteraction() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (User u : users()) {
      List<DynamicNode> cells = new ArrayList<>();
      for (String p : patients.keySet()) {
        boolean sees = u.sees().contains(p);
        String pid = patients.get(p);
        String oid = observations.get(p);
        String token = tokens.get(u.name());
        boolean readPatient = sees && readsType(u.role(), "Patient");
        boolean readObs = sees && readsType(u.role(), "Observation");
        cells.add(DynamicTest.dynamicTest(p + ": read Patient", () ->
            assertThat(get(token, "/Patient/" + pid).statusCode()).isEqualTo(readPatient ? 200 : 403)));
        cells.add(DynamicTest.dynamicTest(p + ": read Observation", () ->
            assertThat(get(token, "/Observation/" + oid).statusCode()).isEqualTo(readObs ? 200 : 403)));
        cells.add(DynamicTest.dynamicTest(p + ": search Observation", () -> {
          HttpResponse<String> r = get(token, "/Observation?subject=Patient/" + pid);
          if (!readsType(u.role(), "Observation")) {
            assertThat(r.statusCode()).isEqualTo(403);
          } else {
            assertThat(r.statusCode()).isEqualTo(200);
            // other cells write observations too: the patient's first one is there, or none at all
            if (readObs) {
              assertThat(ids(r)).contains("Observation/" + oid);
            } else {
              assertThat(ids(r)).isEmpty();
            }
          }
        }));
        cells.add(DynamicTest.dynamicTest(p + ": search Patient with _revinclude", () -> {
          HttpResponse<String> r = get(token, "/Patient?_id=" + pid + "&_revinclude=Observation:subject");
          if (!readsType(u.role(), "Patient")) {
            assertThat(r.statusCode()).isEqualTo(403);
          } else {
            assertThat(r.statusCode()).isEqualTo(200);
            Set<String> found = ids(r);
            assertThat(found.contains("Patient/" + pid)).as("patient found").isEqualTo(readPatient);
            assertThat(found.contains("Observation/" + oid)).as("observation included").isEqualTo(readObs);
            if (!readObs) {
              assertThat(found).noneMatch(id -> id.startsWith("Observation/"));
            }
          }
        }));
        cells.add(DynamicTest.dynamicTest(p + ": $everything", () -> {
          HttpResponse<String> r = get(token, "/Patient/" + pid + "/$everything");
          assertThat(r.statusCode()).isEqualTo(readPatient ? 200 : 403);
          if (readPatient) {
            assertThat(ids(r)).contains("Patient/" + pid);
            assertThat(ids(r).contains("Observation/" + oid)).isEqualTo(readObs);
            if (!readObs) {
              assertThat(ids(r)).noneMatch(id -> id.startsWith("Observation/"));
            }
          }
        }));
        cells.add(DynamicTest.dynamicTest(p + ": history", () ->
            assertThat(get(token, "/Patient/" + pid + "/_history").statusCode()).isEqualTo(readPatient ? 200 : 403)));
        boolean writes = sees && writesObservation(u.role());
        cells.add(DynamicTest.dynamicTest(p + ": write Observation", () -> {
          HttpResponse<String> r = post(token, "/Observation", observation(pid));
          assertThat(r.statusCode()).as(r.body()).isEqualTo(writes ? 201 : 403);
        }));
      }
      nodes.add(DynamicContainer.dynamicContainer(u.name(), cells));
    }
    return nodes.stream();
  }

  @Test
  void aRestrictedCategoryIsSeenOnlyByTheRolesTheConsentNames() throws Exception {
    assertThat(get(tokens.get("doctor"), "/Condition/" + hivCondition).statusCode()).isEqualTo(200);
    assertThat(get(tokens.get("nurse-c1"), "/Condition/" + hivCondition).statusCode()).isEqualTo(403);
    HttpResponse<String> nurseSearch = get(tokens.get("nurse-c1"), "/Condition?subject=Patient/" + patients.get("hiv"));
    assertThat(nurseSearch.statusCode()).isEqualTo(200);
    assertThat(ids(nurseSearch)).doesNotContain("Condition/" + hivCondition);
    HttpResponse<String> nurseCount = get(tokens.get("nurse-c1"),
        "/Condition?subject=Patient/" + patients.get("hiv") + "&_summary=count");
    assertThat(nurseCount.body()).contains("\"total\":0");
  }

  @Test
  void withdrawingTheCaregiverConsentEndsTheCaregiversAccessAtOnce() throws Exception {
    // a caregiver of their own: the shared one stays for the matrix
    IGenericClient fhir = sen.fhirClient();
    RelatedPerson r2 = new RelatedPerson();
    r2.setPatient(new Reference("Patient/" + patients.get("care")));
    String r2id = create(fhir, r2);
    Consent consent = consent("care", "caregiver");
    consent.getProvision().addActor().setReference(new Reference("RelatedPerson/" + r2id))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("FAMMEMB");
    String consentId = create(fhir, consent);
    String user = "caregiver2-" + run;
    sen.createUser(user, PASSWORD, Set.of("caregiver"), "RelatedPerson/" + r2id, null, null);
    String token = sen.tokenFor(user, PATIENT_SCOPES);
    assertThat(get(token, "/Patient/" + patients.get("care")).statusCode()).isEqualTo(200);

    Consent withdrawn = fhir.read().resource(Consent.class).withId(consentId).execute();
    withdrawn.setStatus(Consent.ConsentState.INACTIVE);
    fhir.update().resource(withdrawn).execute();
    assertThat(get(token, "/Patient/" + patients.get("care")).statusCode()).isEqualTo(403);
    assertThat(ids(get(token, "/Observation?subject=Patient/" + patients.get("care")))).isEmpty();
  }

  @Test
  void breakGlassOpensTheRecordForALimitedTimeAndIsAudited() throws Exception {
    String token = tokens.get("doctor");
    String pid = patients.get("c1");
    assertThat(get(token, "/Patient/" + pid).statusCode()).isEqualTo(403);

    Parameters tooShort = new Parameters();
    tooShort.addParameter().setName("reason").setValue(new org.hl7.fhir.r4.model.StringType("urgent"));
    assertThat(post(token, "/Patient/" + pid + "/$break-glass", tooShort).statusCode()).isEqualTo(400);

    Parameters reason = new Parameters();
    reason.addParameter().setName("reason")
        .setValue(new org.hl7.fhir.r4.model.StringType("Bất tỉnh tại cấp cứu, cần xem tiền sử dùng thuốc"));
    HttpResponse<String> opened = post(token, "/Patient/" + pid + "/$break-glass", reason);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    assertThat(get(token, "/Patient/" + pid).statusCode()).isEqualTo(200);
    assertThat(ids(get(token, "/Observation?subject=Patient/" + pid))).contains("Observation/" + observations.get("c1"));

    // the record shows it (a Task in the patient's record) and the audit trail has it
    Bundle tasks = sen.fhirClient().search().byUrl("Task?patient=Patient/" + pid).returnBundle(Bundle.class).execute();
    assertThat(tasks.getEntry()).anySatisfy(e -> assertThat(((org.hl7.fhir.r4.model.Task) e.getResource())
        .getCode().getCodingFirstRep().getCode()).isEqualTo("break-glass"));
    Bundle audit = sen.fhirClient().search().byUrl("AuditEvent?patient=Patient/" + pid)
        .returnBundle(Bundle.class).execute();
    assertThat(audit.getEntry()).isNotEmpty();
    // DICOM "Emergency Override Started", with the reason the doctor stated
    String trail = sen.fhirClient().getFhirContext().newJsonParser().encodeResourceToString(audit);
    assertThat(trail).contains("110127").contains("Bất tỉnh tại cấp cứu");

    // it is on the managing organisation's worklist, for review; reviewing it does not cut the access short
    String reviewer = "reviewer-" + run;
    sen.createUser(reviewer, PASSWORD, Set.of("nurse"), refs.get("nurseC1"), refs.get("C1"), null);
    Bundle worklist = sen.fhirClient(sen.tokenFor(reviewer, STAFF_SCOPES)).operation()
        .onInstance(new org.hl7.fhir.r4.model.IdType(refs.get("C1"))).named("$worklist")
        .withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();
    String review = worklist.getEntry().stream().map(e -> (org.hl7.fhir.r4.model.Task) e.getResource())
        .filter(t -> t.getCode().getCoding().stream().anyMatch(c -> "break-glass-review".equals(c.getCode())))
        .map(t -> t.getIdElement().getIdPart()).findFirst().orElseThrow();
    org.hl7.fhir.r4.model.Task reviewed = sen.fhirClient().read().resource(org.hl7.fhir.r4.model.Task.class)
        .withId(review).execute();
    reviewed.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED);
    sen.fhirClient().update().resource(reviewed).execute();
    assertThat(get(token, "/Patient/" + pid).statusCode()).isEqualTo(200);

    // a nurse may break the glass too, a pharmacist may not
    assertThat(post(tokens.get("pharmacist"), "/Patient/" + pid + "/$break-glass", reason).statusCode()).isEqualTo(403);
  }

  @Test
  void aPatientSeesWhoLookedAtTheirRecordAndNothingOfOthers() throws Exception {
    String pid = patients.get("care");
    assertThat(get(tokens.get("caregiver"), "/Patient/" + pid).statusCode()).isEqualTo(200);
    HttpResponse<String> mine = get(tokens.get("patient"), "/AuditEvent?patient=Patient/" + pid);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).contains(refs.get("R1"));
    HttpResponse<String> other = get(tokens.get("patient"), "/AuditEvent?patient=Patient/" + patients.get("enc"));
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(ids(other)).isEmpty();
    assertThat(get(tokens.get("doctor"), "/AuditEvent").statusCode()).isEqualTo(403);
  }

  @Test
  void withoutATokenNothingIsServed() throws Exception {
    HttpResponse<String> r = get(null, "/Patient/" + patients.get("care"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("OperationOutcome").doesNotContain(patients.get("care"));
  }

  // --- helpers

  private String patient(IGenericClient fhir, String registeredAt) {
    Patient p = new Patient();
    p.addName().setFamily("Ma Trận").addGiven(run);
    p.setGender(Enumerations.AdministrativeGender.FEMALE);
    p.setManagingOrganization(new Reference(refs.get(registeredAt)));
    return create(fhir, p);
  }

  private void encounter(IGenericClient fhir, String patient, String org, String practitioner) {
    Encounter e = new Encounter();
    e.setStatus(Encounter.EncounterStatus.INPROGRESS);
    e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
    e.setSubject(new Reference("Patient/" + patients.get(patient)));
    e.setServiceProvider(new Reference(refs.get(org)));
    e.addParticipant().setIndividual(new Reference(refs.get(practitioner)));
    create(fhir, e);
  }

  private Consent consent(String patient, String policy) {
    Consent c = new Consent();
    c.setStatus(Consent.ConsentState.ACTIVE);
    c.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
    c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    c.setPatient(new Reference("Patient/" + patients.get(patient)));
    c.getPolicyRule().addCoding().setSystem(SenCodes.CONSENT_POLICY).setCode(policy);
    c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    c.setDateTime(new Date());
    return c;
  }

  private static Observation observation(String patientId) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference("Patient/" + patientId));
    o.setValue(new org.hl7.fhir.r4.model.Quantity(72).setUnit("/min")
        .setSystem("http://unitsofmeasure.org").setCode("/min"));
    return o;
  }

  private static String create(IGenericClient fhir, Resource resource) {
    return fhir.create().resource(resource).execute().getId().getIdPart();
  }

  private HttpResponse<String> get(@Nullable String token, String path) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir" + path))
        .header("Accept", "application/fhir+json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return sen.http().send(b.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String token, String path, IBaseResource body)
      throws IOException, InterruptedException {
    String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(body);
    HttpRequest request = HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir" + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return sen.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** {@code Type/id} of every entry of a search or $everything Bundle (OperationOutcome entries aside). */
  private static Set<String> ids(HttpResponse<String> response) {
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body());
    Set<String> ids = new java.util.TreeSet<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      if (e.getResource() != null && !(e.getResource() instanceof org.hl7.fhir.r4.model.OperationOutcome)) {
        ids.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart());
      }
    }
    return ids;
  }
}
