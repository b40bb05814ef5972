package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * CORS for browser SMART apps, over raw HTTP (a browser's requests as it sends them): the test server
 * allows one origin ({@link SenServer.Running#CORS_ORIGIN}).
 */
@ExtendWith(SenServer.class)
class CrossOriginTest {
  private static final String ALLOWED = SenServer.Running.CORS_ORIGIN;
  private static final String STRANGER = "https://stranger.example";

  private final SenServer.Running sen = SenServer.get();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() throws Exception {
    HttpResponse<String> r = preflight("/fhir/Patient", ALLOWED, "GET", "authorization,x-purpose-of-use");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

    HttpResponse<String> token = preflight("/auth/token", ALLOWED, "POST", "content-type");
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
  }

  @Test
  void anAllowedOriginReadsTheAnswersAndTheirHeaders() throws Exception {
    HttpResponse<String> search = send(HttpRequest.newBuilder(uri("/fhir/Patient?_count=1"))
        .header("Origin", ALLOWED).header("Authorization", "Bearer " + sen.systemToken()).GET());
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
    assertThat(search.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
    for (String path : List.of("/fhir/metadata", "/.well-known/smart-configuration",
        "/fhir/.well-known/smart-configuration", "/auth/jwks", "/.well-known/openid-configuration")) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Origin", ALLOWED).GET());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).contains(ALLOWED);
    }
    // a missing token is still a 401, which the app can read
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/fhir/Patient")).header("Origin", ALLOWED).GET());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
  }

  @Test
  void anOriginNotListedGetsNoCorsHeaders() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/fhir/metadata")).header("Origin", STRANGER).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> pre = preflight("/fhir/Patient", STRANGER, "GET", "authorization");
    assertThat(pre.statusCode()).isEqualTo(403);
    assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    // a method the apps are not allowed either
    assertThat(preflight("/fhir/Patient", ALLOWED, "TRACE", "").statusCode()).isEqualTo(403);
  }

  @Test
  void pagesAndOtherEndpointsHaveNoCors() throws Exception {
    for (String path : List.of("/auth/login", "/actuator/health", "/")) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Origin", ALLOWED).GET());
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
    }
  }

  @Test
  void onlyPlainOriginsCanBeConfiguredAndNoneMeansNoCors() {
    CrossOriginConfiguration config = new CrossOriginConfiguration();
    assertThat(config.crossOrigin(List.of()).isEnabled()).isFalse();
    assertThat(config.crossOrigin(List.of(" https://a.example.vn ", "http://localhost:3000")).isEnabled()).isTrue();
    for (String bad : List.of("*", "https://a.example.vn/app", "a.example.vn", "ftp://a.example.vn")) {
      assertThatThrownBy(() -> config.crossOrigin(List.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private HttpResponse<String> preflight(String path, String origin, String method, String headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    if (!headers.isEmpty()) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return send(b);
  }

  private URI uri(String path) {
    return URI.create(sen.baseUrl() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
