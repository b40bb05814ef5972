package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import vn.sen.app.SenServer;

/** {@code /fhir} accepts only valid bearer tokens of this server; refusals are OperationOutcomes. */
@ExtendWith(SenServer.class)
class BearerTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> getWith(SenServer.Running sen, String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + path))
        .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnauthorizedOutcome(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).startsWith("Bearer"));
    JsonNode outcome = JSON.readTree(response.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.path("issue").path(0).path("code").asText()).isEqualTo("login");
  }

  @Test
  void aRequestWithoutATokenIs401WithAnOperationOutcome(SenServer.Running sen) throws Exception {
    assertUnauthorizedOutcome(sen.anonymousGet("/fhir/Patient"));
    assertUnauthorizedOutcome(sen.anonymousGet("/fhir/Patient/some-id"));
  }

  @Test
  void theCapabilityStatementIsPublic(SenServer.Running sen) throws Exception {
    HttpResponse<String> metadata = sen.anonymousGet("/fhir/metadata");

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(metadata.body()).path("resourceType").asText()).isEqualTo("CapabilityStatement");
  }

  @Test
  void aSystemTokenOfThisServerReachesTheApi(SenServer.Running sen) throws Exception {
    HttpResponse<String> search = getWith(sen, "/fhir/Patient?_count=1", sen.tokenFor("some-system", "system/*.rs"));

    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(search.body()).path("resourceType").asText()).isEqualTo("Bundle");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused(SenServer.Running sen) throws Exception {
    TokenIssuer issuer = sen.context().getBean(TokenIssuer.class);
    JwtClaimsSet claims = issuer.standard("forger", "forger", List.of("system/*.cruds"), Instant.now(),
        Duration.ofMinutes(5)).build();
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID(sen.context().getBean(SigningKeys.class).currentKid())
        .generate();
    String forged = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(otherKey))).encode(JwtEncoderParameters.from(
        JwsHeader.with(SignatureAlgorithm.RS256).keyId(otherKey.getKeyID()).build(), claims)).getTokenValue();

    assertUnauthorizedOutcome(getWith(sen, "/fhir/Patient", forged));
  }

  @Test
  void anExpiredTokenIsRefused(SenServer.Running sen) throws Exception {
    TokenIssuer issuer = sen.context().getBean(TokenIssuer.class);
    String expired = issuer.sign(issuer.standard("old-system", "old-system", List.of("system/*.rs"),
        Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(15)).build());

    assertUnauthorizedOutcome(getWith(sen, "/fhir/Patient", expired));
  }

  @Test
  void aTokenForAnotherAudienceOrFromAnotherIssuerIsRefused(SenServer.Running sen) throws Exception {
    TokenIssuer issuer = sen.context().getBean(TokenIssuer.class);
    String otherAudience = issuer.sign(issuer.standard("s", "s", List.of("system/*.rs"), Instant.now(),
        Duration.ofMinutes(5)).audience(List.of("s", "https://other.example/fhir")).build());
    String otherIssuer = issuer.sign(issuer.standard("s", "s", List.of("system/*.rs"), Instant.now(),
        Duration.ofMinutes(5)).issuer("https://other.example").build());

    assertUnauthorizedOutcome(getWith(sen, "/fhir/Patient", otherAudience));
    assertUnauthorizedOutcome(getWith(sen, "/fhir/Patient", otherIssuer));
    assertUnauthorizedOutcome(getWith(sen, "/fhir/Patient", "not-a-jwt"));
  }

  @Test
  void pagesNeedASignInAndRedirectToTheLoginPage(SenServer.Running sen) {
    HttpResponse<String> home = sen.anonymousGet("/");

    assertThat(home.statusCode()).isEqualTo(302);
    assertThat(home.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/auth/login"));
    assertThat(sen.anonymousGet("/auth/login").body()).contains("Đăng nhập").contains("name=\"_csrf\"");
    assertThat(sen.anonymousGet("/auth/login?lang=en").body()).contains("Sign in");
    assertThat(sen.anonymousGet("/actuator/health").statusCode()).isEqualTo(200);
  }
}
