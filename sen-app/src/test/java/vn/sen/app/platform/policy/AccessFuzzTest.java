package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * Fuzzing the policy: a signed-in staff member with no care relationship to anyone sends 1,500 seeded
 * random searches — every search-parameter kind, chains, {@code _has}, {@code _include=*},
 * {@code _revinclude}, compartments, {@code $everything}, history, injection attempts in names and values —
 * and odd headers, against a database that holds other patients' records. Nothing may answer 5xx, and no
 * answer may carry a resource of a patient's record: only directory resources (outside any compartment)
 * are visible to this user. Forged, tampered, expired and "none"-signed tokens get 401 and nothing else.
 */
@ExtendWith(SenServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessFuzzTest {
  private static final int REQUESTS = 1_500;
  private static final long SEED = 20_261_206L;

  private static final String[] TYPES = {"Patient", "Observation", "Condition", "MedicationRequest", "Encounter",
      "Task", "Consent", "CareTeam", "Communication", "Flag", "AuditEvent", "Organization", "Practitioner", ""};
  private static final String[] PARAMS = {"_id", "name", "family", "identifier", "subject", "patient", "code",
      "date", "status", "_lastUpdated", "_count", "_offset", "_sort", "_include", "_revinclude", "_summary",
      "_elements", "_total", "subject:Patient.name", "patient.organization.name", "_has:Observation:subject:code",
      "_has:Condition:patient:code", "_security", "_tag", "_type", "general-practitioner", "organization",
      "owner", "requester", "actor", "unknown"};
  private static final String[] VALUES = {"nguyen", "Nguyễn", "' OR '1'='1", "\" or 1=1 --", "1; select pg_sleep(0)",
      "$$; drop table resource; $$", "*", "Patient:*", "Observation:subject", "Observation:subject:Patient",
      "*:iterate", "Patient/", "Patient/x' or 'x'='x", "http://loinc.org|8867-4", "|B20", "8867-4",
      "ge2000-01-01", "lt2100", "count", "accurate", "true", "1000000", "-1", "0", "%00", "%27", "a,b,c",
      "http://terminology.hl7.org/CodeSystem/v3-ActCode|HIV", "Organization/1", "Practitioner/1",
      "${jndi:ldap://x}", "<script>", "\\", "|", "||"};
  private static final String[] PATHS = {"", "/_history", "/_search", "/$everything"};

  private SenServer.Running sen;
  private String token;
  private Set<String> directoryTypes;
  private final List<String> patientIds = new ArrayList<>();

  @BeforeAll
  void recordsOfOthersAndAStranger() {
    sen = SenServer.get();
    var fhir = sen.fhirClient();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Organization station = new Organization();
    station.setName("Fuzz station " + run);
    String stationId = fhir.create().resource(station).execute().getId().getIdPart();
    for (int i = 0; i < 3; i++) {
      Patient p = new Patient();
      p.addName().setFamily("Nguyễn").addGiven("Fuzz " + run);
      p.setManagingOrganization(new Reference("Organization/" + stationId));
      String id = fhir.create().resource(p).execute().getId().getIdPart();
      patientIds.add(id);
      Observation o = new Observation();
      o.setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
      o.setSubject(new Reference("Patient/" + id));
      fhir.create().resource(o).execute();
    }
    Organization elsewhere = new Organization();
    elsewhere.setName("Fuzz social care " + run);
    String orgId = fhir.create().resource(elsewhere).execute().getId().getIdPart();
    String user = "stranger-" + run;
    sen.createUser(user, "fuzz-" + UUID.randomUUID(), Set.of("social-worker"), null, "Organization/" + orgId, null);
    token = sen.tokenFor(user, "user/*.cruds");
    AccessPolicy policy = sen.context().getBean(AccessPolicy.class);
    directoryTypes = new java.util.TreeSet<>();
    for (String type : FhirContext.forR4Cached().getResourceTypes()) {
      if (!policy.isCompartmentType(type)) {
        directoryTypes.add(type);
      }
    }
  }

  @Test
  void randomSearchesNeverFailAndNeverShowAPatientsRecord() throws Exception {
    Random random = new Random(SEED);
    int served = 0;
    for (int i = 0; i < REQUESTS; i++) {
      String path = randomPath(random);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir" + path))
          .header("Authorization", "Bearer " + token)
          .header("Accept", "application/fhir+json");
      if (random.nextInt(4) == 0) {
        request.header("X-Purpose-Of-Use", headerValue(pick(random, VALUES)));
        request.header("Prefer", random.nextBoolean() ? "handling=strict" : "return=" + headerValue(pick(random, VALUES)));
      }
      HttpResponse<String> response = sen.http().send(request.GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as("GET %s", path).isLessThan(500);
      if (response.statusCode() == 200) {
        served++;
        assertOnlyDirectory(path, response.body());
      }
      for (String id : patientIds) {
        if (!path.contains(id)) {
          assertThat(response.body()).as("GET %s", path).doesNotContain(id);
        }
      }
    }
    assertThat(served).as("searches answered 200 (the fuzz reaches the search path)").isGreaterThan(REQUESTS / 10);
  }

  @Test
  void forgedTamperedAndUnsignedTokensAreRefused() throws Exception {
    String[] parts = token.split("\\.");
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String noneHeader = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String systemClaims = enc.encodeToString(("{\"sub\":\"sen-test-system\",\"scope\":\"system/*.cruds\","
        + "\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8));
    List<String> forged = List.of(
        noneHeader + "." + systemClaims + ".",
        parts[0] + "." + systemClaims + "." + parts[2],
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
        "not-a-token", "", token + "x");
    for (String bad : forged) {
      HttpResponse<String> response = sen.http().send(
          HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir/Patient?_count=5"))
              .header("Authorization", "Bearer " + bad).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as(bad).isEqualTo(401);
      assertThat(response.body()).contains("OperationOutcome").doesNotContain("\"resourceType\":\"Patient\"");
    }
  }

  private void assertOnlyDirectory(String path, String body) {
    if (!body.contains("\"resourceType\":\"Bundle\"")) {
      return;
    }
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, body);
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource r = entry.getResource();
      if (r != null && !r.fhirType().equals("OperationOutcome")) {
        assertThat(directoryTypes).as("GET %s returned a %s", path, r.fhirType()).contains(r.fhirType());
      }
    }
  }

  private String randomPath(Random random) {
    String type = pick(random, TYPES);
    StringBuilder path = new StringBuilder("/").append(type);
    if (!type.isEmpty() && random.nextInt(5) == 0) {
      String id = random.nextBoolean() ? patientIds.get(random.nextInt(patientIds.size())) : "x";
      path.append('/').append(id).append(pick(random, PATHS));
      if (random.nextBoolean() && type.equals("Patient")) {
        path.append("/Observation");
      }
    } else if (type.isEmpty() && random.nextBoolean()) {
      path.append("_history");
    }
    int params = random.nextInt(4);
    for (int p = 0; p < params; p++) {
      path.append(p == 0 ? '?' : '&').append(pick(random, PARAMS)).append('=')
          .append(URLEncoder.encode(pick(random, VALUES), StandardCharsets.UTF_8));
    }
    return path.toString();
  }

  /** What an HTTP client can put in a header: printable ASCII (others are escaped as a client would). */
  private static String headerValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace('+', ' ').replace("%27", "'").replace("%3D", "=");
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
