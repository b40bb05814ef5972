package vn.sen.app.platform.identity;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import vn.sen.app.SenServer;

/** What the browser tests of an app's authorization share: the request, PKCE, the redirect, the token. */
final class BrowserAuthorization {
  private BrowserAuthorization() {}

  /** The authorization request of a public app with PKCE, for {@code scope}, ending at {@code redirect}. */
  static String authorizeUrl(SenServer.Running sen, String clientId, String redirect, String scope, String state,
      String verifier) throws Exception {
    return sen.baseUrl() + "/auth/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
        "redirect_uri", redirect, "scope", scope, "state", state, "code_challenge", challenge(verifier),
        "code_challenge_method", "S256", "aud", sen.baseUrl() + "/fhir"));
  }

  /** The query of the URL the browser was sent to (the app's redirect URI, with code and state). */
  static Map<String, String> query(String url) {
    return Arrays.stream(URI.create(url).getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  /** The token endpoint's answer for a public app's code. */
  static HttpResponse<String> exchange(SenServer.Running sen, String code, String redirect, String clientId,
      String verifier) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
            "redirect_uri", redirect, "client_id", clientId, "code_verifier", verifier)))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String challenge(String verifier) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
