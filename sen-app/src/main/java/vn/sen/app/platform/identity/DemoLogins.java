package vn.sen.app.platform.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The demo sign-ins of {@code ./sen demo}: one user per role, linked to resources of the demo population
 * (one patient who has a family caregiver, the staff of that patient's commune health station, pharmacy,
 * provincial hospital and social care centre), plus a few demo staff resources the population lacks, and a
 * system client. Every start gives them new generated passwords and a new client secret and prints them:
 * there are no default passwords, and outside demo mode nothing is seeded (this bean exists only with
 * {@code sen.demo=true}).
 */
public final class DemoLogins {
  static final String SYSTEM_CLIENT = "sen-demo-system";
  private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final UserAccounts users;
  private final OAuthClients clients;
  private final SecureRandom random;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  public DemoLogins(UserAccounts users, OAuthClients clients, SecureRandom random) {
    this.users = users;
    this.clients = clients;
    this.random = random;
  }

  /** One demo sign-in. */
  record Login(String username, String role, @Nullable String fhirUser, @Nullable String organization,
      @Nullable String patient, String note) {}

  /**
   * Seeds (or refreshes) the demo sign-ins against the FHIR API at {@code fhirBase} and prints them with
   * their new passwords.
   */
  public void seed(URI fhirBase, String token, PrintStream out) throws IOException, InterruptedException {
    List<Login> logins = plan(new Api(fhirBase, token));
    out.println();
    out.println("Demo logins (new passwords on every demo start; sign in at /auth/login):");
    for (Login login : logins) {
      String password = password();
      UserAccounts.NewUser user = new UserAccounts.NewUser(login.username(), Set.of(login.role()), login.fhirUser(),
          login.organization(), login.patient());
      if (users.find(login.username()).isPresent()) {
        users.update(user, password);
      } else {
        users.add(user, password);
      }
      out.printf("  %-14s %-24s %-14s %s%n", login.username(), login.role(), password, login.note());
    }
    String secret = clients.resetSecretOrAdd(new OAuthClients.NewClient(SYSTEM_CLIENT, Set.of("system/*.rs"), false,
        List.of()));
    out.printf("  system client  %s  secret %s  (client credentials, scope system/*.rs)%n", SYSTEM_CLIENT, secret);
  }

  List<Login> plan(Api api) throws IOException, InterruptedException {
    List<Login> logins = new ArrayList<>();
    JsonNode caregiver = api.first("RelatedPerson?_count=1");
    String patientRef = caregiver == null ? null : caregiver.path("patient").path("reference").asText(null);
    String patientId = patientRef == null ? null : patientRef.substring(patientRef.indexOf('/') + 1);
    String station = null;
    String commune = null;
    String province = null;
    if (patientId != null) {
      JsonNode patient = api.read("Patient/" + patientId);
      station = patient == null ? null : patient.path("managingOrganization").path("reference").asText(null);
      if (station != null && station.startsWith("Organization/org-tyt-")) {
        commune = station.substring("Organization/org-tyt-".length());
        JsonNode org = api.read(station);
        String code = org == null ? "" : org.path("identifier").path(0).path("value").asText("");
        province = code.length() >= 2 ? code.substring(0, 2) : null;
      }
    }
    String hospital = province == null ? null : api.existing("Organization/org-bv-" + province);
    logins.add(new Login("bacsi", "doctor", province == null ? null : api.existing("Practitioner/prac-bv-" + province),
        hospital, null, "doctor, provincial hospital"));
    logins.add(staff(api, "dieuduong", "nurse", "demo-nurse", "Điều dưỡng Demo", hospital,
        "nurse, provincial hospital (demo staff)"));
    logins.add(new Login("yte.xa", "community-health-worker",
        commune == null ? null : api.existing("Practitioner/prac-tyt-" + commune + "-yt"), station, null,
        "commune health station (the patient's)"));
    logins.add(new Login("duocsi", "pharmacist",
        commune == null ? null : api.existing("Practitioner/prac-nt-" + commune),
        commune == null ? null : api.existing("Organization/org-nt-" + commune), null, "pharmacist, commune pharmacy"));
    logins.add(staff(api, "letan", "receptionist", "demo-receptionist", "Lễ tân Demo", hospital,
        "receptionist, provincial hospital (demo staff)"));
    logins.add(new Login("ctxh", "social-worker",
        province == null ? null : api.existing("Practitioner/prac-ctxh-" + province),
        province == null ? null : api.existing("Organization/org-ctxh-" + province), null, "social care centre"));
    logins.add(new Login("benhnhan", "patient", patientRef, station, patientId, "a patient with a family caregiver"));
    logins.add(new Login("nguoichamsoc", "caregiver",
        caregiver == null ? null : "RelatedPerson/" + caregiver.path("id").asText(), null, null,
        "that patient's family caregiver"));
    logins.add(staff(api, "quanly", "manager", "demo-manager", "Quản lý Demo", hospital, "manager (demo staff)"));
    logins.add(staff(api, "nghiencuu", "researcher", "demo-researcher", "Nghiên cứu Demo", null,
        "researcher (demo staff)"));
    logins.add(staff(api, "quantri", "admin", "demo-admin", "Quản trị Demo", null, "administrator (demo staff)"));
    return logins;
  }

  /** A demo staff member the population lacks: a Practitioner (and a PractitionerRole at the organisation). */
  private Login staff(Api api, String username, String role, String id, String name, @Nullable String organization,
      String note) throws IOException, InterruptedException {
    api.put("Practitioner/" + id, """
        {"resourceType":"Practitioner","id":"%s","active":true,"name":[{"text":"%s"}]}""".formatted(id, name));
    if (organization != null) {
      api.put("PractitionerRole/role-" + id, """
          {"resourceType":"PractitionerRole","id":"role-%s","active":true,"practitioner":{"reference":"Practitioner/%s"},
           "organization":{"reference":"%s"},"code":[{"text":"%s"}]}""".formatted(id, id, organization, role));
    }
    return new Login(username, role, "Practitioner/" + id, organization, null, note);
  }

  private String password() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  /** The few FHIR calls the demo seed makes, with the system token. */
  final class Api {
    private final URI base;
    private final String token;

    Api(URI base, String token) {
      this.base = base;
      this.token = token;
    }

    @Nullable JsonNode read(String path) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(request(path).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return r.statusCode() == 200 ? json.readTree(r.body()) : null;
    }

    @Nullable JsonNode first(String search) throws IOException, InterruptedException {
      JsonNode bundle = read(search);
      return Optional.ofNullable(bundle).map(b -> b.path("entry").path(0).path("resource"))
          .filter(JsonNode::isObject).orElse(null);
    }

    /** The reference if the resource exists. */
    @Nullable String existing(String reference) throws IOException, InterruptedException {
      return read(reference) == null ? null : reference;
    }

    void put(String path, String body) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(request(path).header("Content-Type", "application/fhir+json")
          .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("PUT " + path + " answered " + r.statusCode());
      }
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + "/" + path)).header("Accept", "application/fhir+json")
          .header("Authorization", "Bearer " + token);
    }
  }
}
