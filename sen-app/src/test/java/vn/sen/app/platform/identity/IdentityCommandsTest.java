package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import vn.sen.app.SenServer;

/**
 * {@code ./sen user|client|keys} against the running server's database, each opening its own non-web
 * context as the real commands do.
 */
@ExtendWith(SenServer.class)
class IdentityCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static IdentityCli.Opener opener(SenServer.Running sen) {
    return () -> IdentityCli.open(List.of("--sen.database.url=" + sen.database().jdbcUrl(),
        "--sen.database.user=" + sen.database().user(), "--sen.database.password=" + sen.database().password()));
  }

  private int run(vn.sen.app.cli.ModuleCommand command, String... args) {
    return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void userAddReadsThePasswordFromStandardInputAndListAndDisableWork(SenServer.Running sen) {
    var user = new IdentityCommands.User(opener(sen),
        new ByteArrayInputStream("a long secret pass\n".getBytes(StandardCharsets.UTF_8)), Map.of());

    int added = run(user, "add", "cli-nurse", "--role", "nurse", "--fhir-user", "Practitioner/pr-cli",
        "--organization", "Organization/tyt-1");

    assertThat(added).as(err.toString(StandardCharsets.UTF_8)).isZero();
    UserAccount stored = sen.context().getBean(UserAccounts.class).find("cli-nurse").orElseThrow();
    assertThat(stored.roles()).containsExactly("nurse");
    assertThat(stored.fhirUser()).isEqualTo("Practitioner/pr-cli");
    assertThat(sen.context().getBean(PasswordEncoder.class).matches("a long secret pass", stored.passwordHash()))
        .isTrue();
    assertThat(output()).doesNotContain("a long secret pass");

    assertThat(run(user, "list")).isZero();
    assertThat(output()).contains("cli-nurse").contains("Practitioner/pr-cli");
    assertThat(run(user, "disable", "cli-nurse")).isZero();
    assertThat(sen.context().getBean(UserAccounts.class).find("cli-nurse").orElseThrow().enabled()).isFalse();
  }

  @Test
  void userAddRefusesAnUnknownRoleAndAMissingPassword(SenServer.Running sen) {
    var fromEnv = new IdentityCommands.User(opener(sen), new ByteArrayInputStream(new byte[0]),
        Map.of("SEN_PASSWORD", "env password 123"));
    var noPassword = new IdentityCommands.User(opener(sen), new ByteArrayInputStream(new byte[0]), Map.of());

    assertThat(run(fromEnv, "add", "cli-x", "--role", "surgeon")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'surgeon'");
    assertThat(run(noPassword, "add", "cli-y", "--role", "doctor")).isEqualTo(2);
    assertThat(sen.context().getBean(UserAccounts.class).find("cli-y")).isEmpty();
    assertThat(run(fromEnv, "add", "cli-z", "--role", "researcher")).isZero();
    assertThat(sen.context().getBean(UserAccounts.class).find("cli-z")).isPresent();
  }

  @Test
  void clientAddPrintsTheSecretOnceAndStoresItHashed(SenServer.Running sen) {
    int added = run(new IdentityCommands.Client(opener(sen)), "add", "his-feed", "--scopes", "system/*.rs system/Encounter.cu");

    assertThat(added).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String secret = output().lines().filter(l -> l.startsWith("client secret")).findFirst().orElseThrow()
        .replaceAll(".*: ", "");
    RegisteredClient client = sen.context().getBean(RegisteredClientRepository.class).findByClientId("his-feed");
    assertThat(client).isNotNull();
    assertThat(client.getScopes()).containsExactlyInAnyOrder("system/*.rs", "system/Encounter.cu");
    assertThat(client.getClientSecret()).startsWith("{argon2}").doesNotContain(secret);
    assertThat(sen.context().getBean(PasswordEncoder.class).matches(secret, client.getClientSecret())).isTrue();
  }

  @Test
  void clientAddAsksConsentOnlyForAppsThatWantIt(SenServer.Running sen) {
    IdentityCommands.Client command = new IdentityCommands.Client(opener(sen));
    assertThat(run(command, "add", "family-diary", "--public", "--ask-consent", "--redirect-uri",
        "https://diary.example.vn/cb", "--scopes", "openid patient/*.rs", "--name", "Nhật ký gia đình"))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run(command, "add", "ward-tablet", "--public", "--redirect-uri", "https://ward.example.vn/cb",
        "--scopes", "openid user/*.rs")).isZero();
    RegisteredClientRepository clients = sen.context().getBean(RegisteredClientRepository.class);
    assertThat(clients.findByClientId("family-diary").getClientSettings().isRequireAuthorizationConsent()).isTrue();
    assertThat(clients.findByClientId("family-diary").getClientName()).isEqualTo("Nhật ký gia đình");
    assertThat(clients.findByClientId("ward-tablet").getClientName()).isEqualTo("ward-tablet");
    assertThat(clients.findByClientId("ward-tablet").getClientSettings().isRequireAuthorizationConsent()).isFalse();

    assertThat(run(command, "add", "feed-with-consent", "--ask-consent", "--scopes", "system/*.rs")).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ask-consent is for apps");
    assertThat(clients.findByClientId("feed-with-consent")).isNull();
  }

  @Test
  void keysRotateKeepsOldTokensValidAndPublishesBothKeys(SenServer.Running sen) throws Exception {
    SigningKeys keys = sen.context().getBean(SigningKeys.class);
    String oldKid = keys.currentKid();
    String oldToken = sen.tokenFor("rotation-check", "system/*.rs");

    assertThat(run(new IdentityCommands.Keys(opener(sen)), "rotate")).isZero();
    keys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
        .keyID("not-known-so-reload").build()), null); // the server notices the rotation as it would on a new kid

    String newKid = keys.currentKid();
    assertThat(newKid).isNotEqualTo(oldKid);
    JsonNode jwks = JSON.readTree(sen.anonymousGet("/auth/jwks").body());
    List<String> kids = new ArrayList<>();
    jwks.path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    assertThat(kids).contains(oldKid, newKid);
    String newToken = sen.tokenFor("rotation-check", "system/*.rs");
    assertThat(JSON.readTree(java.util.Base64.getUrlDecoder().decode(newToken.split("\\.")[0])).path("kid").asText())
        .isEqualTo(newKid);
    HttpClient http = HttpClient.newHttpClient();
    for (String token : List.of(oldToken, newToken)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir/Patient?_count=1"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
