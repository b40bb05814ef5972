package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * The OAuth 2.0 grants over real HTTP with java.net.http, as an app would use them: client credentials,
 * authorization code with PKCE through the login form (public and confidential clients), refresh tokens;
 * SMART and OpenID discovery; login throttling.
 */
@ExtendWith(SenServer.class)
class OAuthFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
  private static final Pattern STATE = Pattern.compile("name=\"state\"[^>]*value=\"([^\"]+)\"");
  private static final String REDIRECT = "http://127.0.0.1:9/callback";
  private final HttpClient http = HttpClient.newHttpClient();

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(HttpClient client, String url, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> fhirGet(SenServer.Running sen, String token, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private int fhirStatus(SenServer.Running sen, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir/Patient?_count=1"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void clientCredentialsGiveASystemTokenThatTheApiAccepts(SenServer.Running sen) throws Exception {
    String secret = sen.context().getBean(OAuthClients.class)
        .add(new OAuthClients.NewClient("lab-feed", Set.of("system/*.rs", "system/Observation.c"), false, List.of()))
        .orElseThrow();

    HttpResponse<String> token = post(http, sen.baseUrl() + "/auth/token",
        form(Map.of("grant_type", "client_credentials", "scope", "system/*.rs")),
        "Authorization", "Basic " + Base64.getEncoder().encodeToString(("lab-feed:" + secret).getBytes()));

    assertThat(token.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(token.body());
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("expires_in").asLong()).isBetween(800L, 900L);
    JsonNode claims = claims(body.path("access_token").asText());
    assertThat(claims.path("sub").asText()).isEqualTo("lab-feed");
    assertThat(claims.path("client_id").asText()).isEqualTo("lab-feed");
    assertThat(claims.path("scope").get(0).asText()).isEqualTo("system/*.rs");
    assertThat(claims.path("aud").toString()).contains(sen.baseUrl() + "/fhir");
    assertThat(fhirStatus(sen, body.path("access_token").asText())).isEqualTo(200);

    HttpResponse<String> wrongSecret = post(http, sen.baseUrl() + "/auth/token",
        form(Map.of("grant_type", "client_credentials", "client_id", "lab-feed", "client_secret", "wrong")));
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    HttpResponse<String> tooMuch = post(http, sen.baseUrl() + "/auth/token",
        form(Map.of("grant_type", "client_credentials", "scope", "system/*.cruds")),
        "Authorization", "Basic " + Base64.getEncoder().encodeToString(("lab-feed:" + secret).getBytes()));
    assertThat(tooMuch.statusCode()).isEqualTo(400);
  }

  /** Signs in through the form and follows the authorization request to the redirect; returns the code. */
  private String authorize(SenServer.Running sen, HttpClient browser, String clientId, String scope,
      String challenge, String username, String password) throws Exception {
    HttpResponse<String> redirect = signIn(sen, browser, clientId, scope, challenge, username, password);
    assertThat(redirect.statusCode()).isEqualTo(302);
    return code(redirect);
  }

  /** Signs in through the form for an authorization request; returns the answer to the request after it. */
  private HttpResponse<String> signIn(SenServer.Running sen, HttpClient browser, String clientId, String scope,
      String challenge, String username, String password) throws Exception {
    String authorize = sen.baseUrl() + "/auth/authorize?" + form(Map.of("response_type", "code",
        "client_id", clientId, "redirect_uri", REDIRECT, "scope", scope, "state", "s-42",
        "code_challenge", challenge, "code_challenge_method", "S256", "aud", sen.baseUrl() + "/fhir"));
    HttpResponse<String> first = get(browser, authorize);
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login");

    HttpResponse<String> page = get(browser, sen.baseUrl() + "/auth/login");
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> login = post(browser, sen.baseUrl() + "/auth/login",
        form(Map.of("username", username, "password", password, "_csrf", csrf.group(1))));
    assertThat(login.statusCode()).isEqualTo(302);
    String back = login.headers().firstValue("Location").orElseThrow();
    assertThat(back).contains("/auth/authorize");
    return get(browser, back.startsWith("http") ? back : sen.baseUrl() + back);
  }

  /** The query of the app's redirect URI that {@code redirect} sends the browser to. */
  private static Map<String, String> callback(HttpResponse<String> redirect) {
    URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    assertThat(callback.toString()).startsWith(REDIRECT);
    return java.util.Arrays.stream(callback.getRawQuery().split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0],
            p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  private static String code(HttpResponse<String> redirect) {
    Map<String, String> query = callback(redirect);
    assertThat(query.get("state")).isEqualTo("s-42");
    return query.get("code");
  }

  private static String challenge(String verifier) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  @Test
  void authorizationCodeWithPkceForAPublicAppGivesAUserTokenWithSmartClaims(SenServer.Running sen)
      throws Exception {
    sen.createUser("dr-lan", "correct horse battery", Set.of("doctor"), "Practitioner/pr-lan",
        "Organization/bv-1", null);
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("bedside-app",
        Set.of("openid", "fhirUser", "user/*.rs", "user/Observation.cruds"), true, List.of(REDIRECT)));
    String verifier = "v".repeat(20) + "-pkce-verifier-0123456789abcdef";

    String code = authorize(sen, browser(), "bedside-app", "openid fhirUser user/*.rs", challenge(verifier),
        "dr-lan", "correct horse battery");
    HttpResponse<String> wrongVerifier = post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "client_id", "bedside-app",
        "code_verifier", "another-verifier-of-sufficient-length-000000")));
    assertThat(wrongVerifier.statusCode()).isEqualTo(400);

    String code2 = authorize(sen, browser(), "bedside-app", "openid fhirUser user/*.rs", challenge(verifier),
        "dr-lan", "correct horse battery");
    HttpResponse<String> token = post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code2, "redirect_uri", REDIRECT, "client_id", "bedside-app",
        "code_verifier", verifier)));

    assertThat(token.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(token.body());
    JsonNode access = claims(body.path("access_token").asText());
    assertThat(access.path("sub").asText()).isEqualTo("dr-lan");
    assertThat(access.path("fhirUser").asText()).isEqualTo("Practitioner/pr-lan");
    assertThat(access.path("organization").asText()).isEqualTo("Organization/bv-1");
    assertThat(access.path("roles").toString()).isEqualTo("[\"doctor\"]");
    assertThat(access.path("scope").toString()).contains("user/*.rs").doesNotContain("cruds");
    assertThat(claims(body.path("id_token").asText()).path("fhirUser").asText()).isEqualTo("Practitioner/pr-lan");
    assertThat(body.has("refresh_token")).as("public clients get no refresh token").isFalse();
    assertThat(fhirStatus(sen, body.path("access_token").asText())).isEqualTo(200);

    CurrentSubject subjects = sen.context().getBean(CurrentSubject.class);
    var subject = subjects.fromToken(sen.context().getBean(org.springframework.security.oauth2.jwt.JwtDecoder.class)
        .decode(body.path("access_token").asText()));
    assertThat(subject.system()).isFalse();
    assertThat(subject.roles()).containsExactly("doctor");
    assertThat(subject.scopes().permits("Observation", 'r')).isTrue();
    assertThat(subject.scopes().permits("Observation", 'c')).isFalse();
  }

  @Test
  void aClinicianPicksThePatientOfAStandaloneLaunchAndTheAppSeesOnlyThatRecord(SenServer.Running sen)
      throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    IGenericClient system = sen.fhirClient();
    system.update().resource(new Organization().setName("Bệnh viện Launch").setId("bv-" + run)).execute();
    for (String who : List.of("pa", "pb", "pc")) {
      Patient p = new Patient();
      p.setId(who + "-" + run);
      p.addName().setFamily("Launch" + run).addGiven(who.equals("pa") ? "Lan" : who.equals("pb") ? "Bình" : "Châu");
      system.update().resource(p).execute();
    }
    for (String who : List.of("pa", "pb")) {
      Encounter e = new Encounter();
      e.setStatus(Encounter.EncounterStatus.INPROGRESS);
      e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
      e.setSubject(new Reference("Patient/" + who + "-" + run));
      e.setServiceProvider(new Reference("Organization/bv-" + run));
      system.create().resource(e).execute();
    }
    sen.createUser("dr-launch-" + run, "launch password 1", Set.of("doctor"), "Practitioner/pr-" + run,
        "Organization/bv-" + run, null);
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("chart-" + run,
        Set.of("openid", "launch/patient", "patient/*.rs"), true, List.of(REDIRECT)));
    String verifier = "launch-verifier-0123456789-abcdefghijklmnopqrstuv";
    HttpClient browser = browser();

    HttpResponse<String> toPicker = signIn(sen, browser, "chart-" + run, "openid launch/patient patient/*.rs",
        challenge(verifier), "dr-launch-" + run, "launch password 1");
    assertThat(toPicker.statusCode()).isEqualTo(302);
    URI picker = URI.create(sen.baseUrl()).resolve(toPicker.headers().firstValue("Location").orElseThrow());
    assertThat(picker.getPath()).isEqualTo("/auth/launch-patient");
    String authorize = picker.getRawQuery();
    HttpResponse<String> found = get(browser, sen.baseUrl() + "/auth/launch-patient?"
        + form(Map.of("authorize", authorize, "q", "Launch" + run)));
    assertThat(found.statusCode()).isEqualTo(200);
    // the search is the clinician's own: the patient without a relationship is not listed
    assertThat(found.body()).contains("pa-" + run, "pb-" + run).doesNotContain("pc-" + run);
    Matcher csrf = CSRF.matcher(found.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> notTheirs = post(browser, sen.baseUrl() + "/auth/launch-patient",
        form(Map.of("patient", "pc-" + run, "authorize", authorize, "_csrf", csrf.group(1))));
    assertThat(notTheirs.statusCode()).isEqualTo(403);

    HttpResponse<String> picked = post(browser, sen.baseUrl() + "/auth/launch-patient",
        form(Map.of("patient", "pa-" + run, "authorize", authorize, "_csrf", csrf.group(1))));
    assertThat(picked.statusCode()).isEqualTo(302);
    String back = picked.headers().firstValue("Location").orElseThrow();
    assertThat(back).contains("/auth/authorize?");
    HttpResponse<String> redirect = get(browser, back.startsWith("http") ? back : sen.baseUrl() + back);
    String code = code(redirect);
    JsonNode token = JSON.readTree(post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "client_id", "chart-" + run,
        "code_verifier", verifier))).body());

    assertThat(token.path("patient").asText()).as("SMART launch context").isEqualTo("pa-" + run);
    String access = token.path("access_token").asText();
    assertThat(claims(access).path("patient").asText()).isEqualTo("pa-" + run);
    assertThat(fhirGet(sen, access, "/fhir/Patient/pa-" + run).statusCode()).isEqualTo(200);
    // the clinician may see the other patient; the app launched for one patient may not
    assertThat(fhirGet(sen, access, "/fhir/Patient/pb-" + run).statusCode()).isEqualTo(403);
    JsonNode search = JSON.readTree(fhirGet(sen, access, "/fhir/Patient?family=Launch" + run).body());
    assertThat(search.path("entry").findValuesAsText("id")).containsExactly("pa-" + run);

    // the pick was for that launch: the next one asks again
    HttpResponse<String> again = get(browser, sen.baseUrl() + "/auth/authorize?" + authorize);
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/auth/launch-patient?");
  }

  @Test
  void aConfidentialAppGetsARefreshTokenThatGivesANewAccessToken(SenServer.Running sen) throws Exception {
    sen.createUser("bn-hoa", "patient password 1", Set.of("patient"), "Patient/pt-hoa", null, "pt-hoa");
    String secret = sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("companion-app",
        Set.of("openid", "patient/*.rs", "offline_access"), false, List.of(REDIRECT))).orElseThrow();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("companion-app:" + secret).getBytes());
    String verifier = "confidential-verifier-0123456789-abcdefghijklmnop";

    String code = authorize(sen, browser(), "companion-app", "openid patient/*.rs", challenge(verifier),
        "bn-hoa", "patient password 1");
    JsonNode first = JSON.readTree(post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier)),
        "Authorization", basic).body());
    assertThat(claims(first.path("access_token").asText()).path("patient").asText()).isEqualTo("pt-hoa");
    assertThat(first.path("patient").asText()).as("SMART launch context in the token response").isEqualTo("pt-hoa");

    HttpResponse<String> refreshed = post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "refresh_token", "refresh_token", first.path("refresh_token").asText())),
        "Authorization", basic);

    assertThat(refreshed.statusCode()).isEqualTo(200);
    JsonNode second = JSON.readTree(refreshed.body());
    assertThat(second.path("access_token").asText()).isNotEqualTo(first.path("access_token").asText());
    assertThat(claims(second.path("access_token").asText()).path("patient").asText()).isEqualTo("pt-hoa");
    assertThat(fhirStatus(sen, second.path("access_token").asText())).isEqualTo(200);
  }

  @Test
  void anAppThatAsksConsentGetsOnlyTheScopesTheUserGrantsAndAsksAgainOnlyForNewOnes(SenServer.Running sen)
      throws Exception {
    sen.createUser("bn-mai", "patient password 2", Set.of("patient"), "Patient/pt-mai", null, "pt-mai");
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("family-app",
        Set.of("openid", "fhirUser", "patient/*.rs", "patient/Observation.c"), true, List.of(REDIRECT), null, true));
    String verifier = "consent-verifier-0123456789-abcdefghijklmnopqrstu";
    HttpClient browser = browser();

    HttpResponse<String> asked = signIn(sen, browser, "family-app", "openid fhirUser patient/*.rs patient/Observation.c",
        challenge(verifier), "bn-mai", "patient password 2");
    assertThat(asked.statusCode()).isEqualTo(302);
    String consentUrl = asked.headers().firstValue("Location").orElseThrow();
    assertThat(consentUrl).contains("/auth/consent").doesNotStartWith(REDIRECT);
    HttpResponse<String> page = get(browser, consentUrl.startsWith("http") ? consentUrl : sen.baseUrl() + consentUrl);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("X-Frame-Options")).as("no clickjacking of the consent")
        .contains("DENY");
    assertThat(page.body()).contains("Ứng dụng family-app xin quyền truy cập", "bn-mai",
        "Xem, tìm kiếm mọi loại dữ liệu trong hồ sơ bệnh nhân của bạn", "Thêm mới dữ liệu loại Observation",
        "Biết bạn là ai trong Sen", "value=\"patient/Observation.c\"")
        .as("openid needs no consent").doesNotContain("value=\"openid\"")
        .as("consent is never pre-ticked").doesNotContain("checked");
    String state = STATE.matcher(page.body()).results().findFirst().orElseThrow().group(1);

    // the user grants reading and their identity, not creating observations
    HttpResponse<String> granted = post(browser, sen.baseUrl() + "/auth/authorize",
        "client_id=family-app&state=" + enc(state) + "&scope=" + enc("patient/*.rs") + "&scope=fhirUser");
    assertThat(granted.statusCode()).isEqualTo(302);
    JsonNode token = JSON.readTree(post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code(granted), "redirect_uri", REDIRECT,
        "client_id", "family-app", "code_verifier", verifier))).body());
    assertThat(claims(token.path("access_token").asText()).path("scope").toString())
        .contains("patient/*.rs", "fhirUser").doesNotContain("Observation.c");
    assertThat(token.path("scope").asText()).doesNotContain("Observation.c");
    assertThat(fhirStatus(sen, token.path("access_token").asText())).isEqualTo(200);

    // what was granted is not asked again
    HttpResponse<String> again = signIn(sen, browser(), "family-app", "openid fhirUser patient/*.rs",
        challenge(verifier), "bn-mai", "patient password 2");
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(code(again)).isNotBlank();

    // a scope not granted yet is asked alone; declining it keeps what was granted before
    HttpClient third = browser();
    HttpResponse<String> more = signIn(sen, third, "family-app", "openid patient/*.rs patient/Observation.c",
        challenge(verifier), "bn-mai", "patient password 2");
    String moreUrl = more.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> morePage = get(third, moreUrl.startsWith("http") ? moreUrl : sen.baseUrl() + moreUrl);
    assertThat(morePage.body()).contains("value=\"patient/Observation.c\"", "Không cấp thêm")
        .doesNotContain("value=\"patient/*.rs\"");
    String moreState = STATE.matcher(morePage.body()).results().findFirst().orElseThrow().group(1);
    HttpResponse<String> declined = post(third, sen.baseUrl() + "/auth/authorize",
        "client_id=family-app&state=" + enc(moreState));
    JsonNode kept = JSON.readTree(post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code(declined), "redirect_uri", REDIRECT,
        "client_id", "family-app", "code_verifier", verifier))).body());
    assertThat(claims(kept.path("access_token").asText()).path("scope").toString())
        .contains("patient/*.rs").doesNotContain("Observation.c");
  }

  @Test
  void aUserWhoDeniesAnAppSendsItBackWithAccessDeniedAndNoCode(SenServer.Running sen) throws Exception {
    sen.createUser("bn-tuan", "patient password 3", Set.of("patient"), "Patient/pt-tuan", null, "pt-tuan");
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("survey-app",
        Set.of("openid", "patient/*.rs"), true, List.of(REDIRECT), null, true));
    HttpClient browser = browser();
    HttpResponse<String> asked = signIn(sen, browser, "survey-app", "openid patient/*.rs",
        challenge("deny-verifier-0123456789-abcdefghijklmnopqrstuvwxyz"), "bn-tuan", "patient password 3");
    String consentUrl = asked.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> page = get(browser, (consentUrl.startsWith("http") ? consentUrl : sen.baseUrl() + consentUrl)
        + "&lang=en");
    assertThat(page.body()).contains("survey-app asks for access", "Read, search all kinds of data in your patient record",
        ">Deny<");
    String state = STATE.matcher(page.body()).results().findFirst().orElseThrow().group(1);

    HttpResponse<String> denied = post(browser, sen.baseUrl() + "/auth/authorize", "client_id=survey-app&state=" + enc(state));

    assertThat(denied.statusCode()).isEqualTo(302);
    Map<String, String> query = callback(denied);
    assertThat(query.get("error")).isEqualTo("access_denied");
    assertThat(query).doesNotContainKey("code");
    assertThat(query.get("state")).isEqualTo("s-42");

    HttpResponse<String> forged = get(browser, sen.baseUrl() + "/auth/consent?client_id=no-such-app&state=x");
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).as("in the language chosen above").contains("is not valid or has expired");
    HttpResponse<String> anonymous = get(http, sen.baseUrl() + "/auth/consent?client_id=survey-app&state=x");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login");
  }

  @Test
  void aUserSeesTheAppsTheyAllowedAndWithdrawingOneStopsItsTokensAndIsAudited(SenServer.Running sen)
      throws Exception {
    sen.createUser("bn-hanh", "patient password 5", Set.of("patient"), "Patient/pt-hanh", null, "pt-hanh");
    String secret = sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("diary-app",
        Set.of("openid", "patient/*.rs", "offline_access"), false, List.of(REDIRECT), null, true)).orElseThrow();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("diary-app:" + secret).getBytes());
    String verifier = "withdraw-verifier-0123456789-abcdefghijklmnopqrs";
    HttpClient browser = browser();
    HttpResponse<String> asked = signIn(sen, browser, "diary-app", "openid patient/*.rs offline_access",
        challenge(verifier), "bn-hanh", "patient password 5");
    String consentUrl = asked.headers().firstValue("Location").orElseThrow();
    String page = get(browser, consentUrl.startsWith("http") ? consentUrl : sen.baseUrl() + consentUrl).body();
    String state = STATE.matcher(page).results().findFirst().orElseThrow().group(1);
    HttpResponse<String> granted = post(browser, sen.baseUrl() + "/auth/authorize", "client_id=diary-app&state="
        + enc(state) + "&scope=" + enc("patient/*.rs") + "&scope=offline_access");
    JsonNode token = JSON.readTree(post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "authorization_code", "code", code(granted), "redirect_uri", REDIRECT,
        "code_verifier", verifier)), "Authorization", basic).body());
    String refresh = token.path("refresh_token").asText();
    assertThat(refresh).isNotBlank();
    String access = token.path("access_token").asText();
    assertThat(fhirGet(sen, access, "/fhir/Patient/pt-hanh").statusCode()).isIn(200, 404);

    HttpResponse<String> apps = get(browser, sen.baseUrl() + "/auth/apps");
    assertThat(apps.statusCode()).isEqualTo(200);
    assertThat(apps.body()).contains("diary-app", "Xem, tìm kiếm mọi loại dữ liệu trong hồ sơ bệnh nhân của bạn",
        "Thu hồi quyền của diary-app");
    Matcher csrf = CSRF.matcher(apps.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> withoutToken = post(browser, sen.baseUrl() + "/auth/apps/withdraw", "client=diary-app");
    assertThat(withoutToken.statusCode()).as("the form's CSRF token is required").isEqualTo(403);

    HttpResponse<String> withdrawn = post(browser, sen.baseUrl() + "/auth/apps/withdraw",
        "client=diary-app&_csrf=" + enc(csrf.group(1)));

    assertThat(withdrawn.statusCode()).isEqualTo(302);
    assertThat(withdrawn.headers().firstValue("Location").orElseThrow()).endsWith("/auth/apps?withdrawn=diary-app");
    assertThat(get(browser, sen.baseUrl() + "/auth/apps?withdrawn=diary-app").body())
        .contains("Đã thu hồi quyền của diary-app", "Bạn chưa cho phép ứng dụng nào.");
    assertThat(get(browser, sen.baseUrl() + "/auth/apps?withdrawn=" + enc("<b>Sen says: call 0900</b>")).body())
        .as("the notice names registered apps only").doesNotContain("call 0900").doesNotContain("Đã thu hồi");
    HttpResponse<String> refused = post(http, sen.baseUrl() + "/auth/token", form(Map.of(
        "grant_type", "refresh_token", "refresh_token", refresh)), "Authorization", basic);
    assertThat(refused.statusCode()).isEqualTo(400);
    HttpResponse<String> tokenRefused = fhirGet(sen, access, "/fhir/Patient/pt-hanh");
    assertThat(tokenRefused.statusCode()).as("the access token it still holds is refused at once").isEqualTo(401);
    assertThat(tokenRefused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(fhirGet(sen, sen.tokenFor("bn-hanh", "patient/*.rs"), "/fhir/Patient/pt-hanh").statusCode())
        .as("another app's token for the same user is not affected").isIn(200, 404);
    HttpResponse<String> askedAgain = signIn(sen, browser(), "diary-app", "openid patient/*.rs",
        challenge(verifier), "bn-hanh", "patient password 5");
    assertThat(askedAgain.headers().firstValue("Location").orElseThrow()).contains("/auth/consent");

    Bundle events = sen.fhirClient().search().byUrl("AuditEvent?patient=pt-hanh").returnBundle(Bundle.class)
        .execute();
    List<AuditEvent> changes = events.getEntry().stream().map(e -> (AuditEvent) e.getResource())
        .filter(e -> "110137".equals(e.getType().getCode())).toList();
    assertThat(changes).hasSize(2);
    assertThat(changes).allSatisfy(e -> assertThat(e.getAgentFirstRep().getPurposeOfUseFirstRep().getText())
        .startsWith("client diary-app: ").contains("offline_access", "patient/*.rs"));
  }

  @Test
  void consentWordsEachScope(SenServer.Running sen) {
    ConsentController consent = sen.context().getBean(ConsentController.class);
    assertThat(consent.describe("user/Observation.cruds", java.util.Locale.ENGLISH))
        .isEqualTo("Create, read, update, delete, search data of type Observation that you may access");
    assertThat(consent.describe("patient/*.read", java.util.Locale.ENGLISH))
        .isEqualTo("Read, search all kinds of data in your patient record (or that of someone you are allowed to care for)");
    assertThat(consent.describe("offline_access", java.util.Locale.forLanguageTag("vi")))
        .isEqualTo("Tiếp tục truy cập cả khi bạn không dùng ứng dụng");
    assertThat(consent.describe("x-unknown", java.util.Locale.ENGLISH)).isEqualTo("x-unknown");
  }

  @Test
  void smartConfigurationDescribesTheEndpointsAndCapabilities(SenServer.Running sen) throws Exception {
    HttpResponse<String> response = sen.anonymousGet("/.well-known/smart-configuration");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode smart = JSON.readTree(response.body());
    assertThat(smart.path("authorization_endpoint").asText()).isEqualTo(sen.baseUrl() + "/auth/authorize");
    assertThat(smart.path("token_endpoint").asText()).isEqualTo(sen.baseUrl() + "/auth/token");
    assertThat(smart.path("jwks_uri").asText()).isEqualTo(sen.baseUrl() + "/auth/jwks");
    assertThat(smart.path("grant_types_supported").toString())
        .contains("authorization_code", "client_credentials", "refresh_token");
    assertThat(smart.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(smart.path("scopes_supported").toString()).contains("patient/*.rs", "system/*.rs", "fhirUser");
    assertThat(smart.path("capabilities").toString()).contains("launch-standalone", "client-public",
        "client-confidential-symmetric", "permission-v2", "sso-openid-connect");

    // where SMART App Launch v2 sends apps: the FHIR base URL + /.well-known/smart-configuration, no token
    HttpResponse<String> atFhirBase = sen.anonymousGet("/fhir/.well-known/smart-configuration");
    assertThat(atFhirBase.statusCode()).isEqualTo(200);
    assertThat(atFhirBase.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    assertThat(JSON.readTree(atFhirBase.body())).isEqualTo(smart);

    // and the CapabilityStatement, where clients written for SMART App Launch v1 look (HAPI's client reads it)
    CapabilityStatement.CapabilityStatementRestSecurityComponent security = sen.fhirClient().capabilities()
        .ofType(CapabilityStatement.class).execute().getRestFirstRep().getSecurity();
    assertThat(security.getCors()).isTrue();
    assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
    Extension uris = security.getExtensionByUrl(SmartCapabilitySecurity.OAUTH_URIS);
    assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(sen.baseUrl() + "/auth/token");
    assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
        .isEqualTo(sen.baseUrl() + "/auth/authorize");
    assertThat(uris.getExtensionByUrl("revoke").getValue().primitiveValue()).isEqualTo(sen.baseUrl() + "/auth/revoke");

    JsonNode oidc = JSON.readTree(sen.anonymousGet("/.well-known/openid-configuration").body());
    assertThat(oidc.path("issuer").asText()).isEqualTo(sen.baseUrl());
    assertThat(oidc.path("token_endpoint").asText()).isEqualTo(sen.baseUrl() + "/auth/token");
    JsonNode jwks = JSON.readTree(sen.anonymousGet("/auth/jwks").body());
    assertThat(jwks.path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
    assertThat(jwks.path("keys").get(0).has("d")).as("no private part published").isFalse();
  }

  @Test
  void fiveWrongPasswordsLockTheUserWithAClearMessage(SenServer.Running sen) throws Exception {
    sen.createUser("nurse-mai", "the right password", Set.of("nurse"), "Practitioner/pr-mai", null, null);
    HttpClient browser = browser();
    for (int i = 0; i < 5; i++) {
      String csrf = csrf(get(browser, sen.baseUrl() + "/auth/login").body());
      HttpResponse<String> wrong = post(browser, sen.baseUrl() + "/auth/login",
          form(Map.of("username", "nurse-mai", "password", "wrong " + i, "_csrf", csrf)));
      assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login?error");
    }

    String csrf = csrf(get(browser, sen.baseUrl() + "/auth/login").body());
    HttpResponse<String> right = post(browser, sen.baseUrl() + "/auth/login",
        form(Map.of("username", "nurse-mai", "password", "the right password", "_csrf", csrf)));

    assertThat(right.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login?locked");
    assertThat(get(browser, sen.baseUrl() + "/auth/login?locked").body()).contains("tạm khóa");
    assertThat(sen.context().getBean(UserAccounts.class).find("nurse-mai").orElseThrow().failedLogins())
        .isEqualTo(5);
  }

  private static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void passwordsAreStoredAsArgon2idHashes(SenServer.Running sen) {
    UserAccount user = sen.createUser("rx-tuan", "pharmacist password", Set.of("pharmacist"),
        "Practitioner/pr-tuan", "Organization/nt-1", null);

    assertThat(user.passwordHash()).startsWith("{argon2}$argon2id$").doesNotContain("pharmacist password");
  }
}
