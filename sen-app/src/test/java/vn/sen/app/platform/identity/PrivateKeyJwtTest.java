package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * SMART Backend Services: a system client authenticates with an RS384-signed JWT whose key Sen fetches from
 * the client's JWK Set URL ({@code private_key_jwt}).
 */
@ExtendWith(SenServer.class)
class PrivateKeyJwtTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSignedClientAssertionGetsASystemToken(SenServer.Running sen) throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("backend-1").algorithm(JWSAlgorithm.RS384).generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keys.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    keys.start();
    try {
      String jwksUri = "http://127.0.0.1:" + keys.getAddress().getPort() + "/jwks.json";
      assertThat(sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("national-hie",
          Set.of("system/*.rs"), false, List.of(), jwksUri, false))).isEmpty();

      HttpResponse<String> token = requestToken(sen, assertion(key, sen.baseUrl() + "/auth/token"));
      RSAKey stranger = new RSAKeyGenerator(2048).keyID("backend-1").generate();
      HttpResponse<String> refused = requestToken(sen, assertion(stranger, sen.baseUrl() + "/auth/token"));

      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(token.body());
      String access = body.path("access_token").asText();
      JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]));
      assertThat(claims.path("sub").asText()).isEqualTo("national-hie");
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(sen.baseUrl() + "/fhir/Patient?_count=1")).header("Authorization", "Bearer " + access).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(401);
    } finally {
      keys.stop(0);
    }
  }

  private static String assertion(RSAKey key, String tokenEndpoint) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer("national-hie").subject("national-hie").audience(tokenEndpoint)
            .expirationTime(new Date(System.currentTimeMillis() + 300_000)).jwtID(UUID.randomUUID().toString())
            .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static HttpResponse<String> requestToken(SenServer.Running sen, String assertion) throws Exception {
    String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.rs", StandardCharsets.UTF_8)
        + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        StandardCharsets.UTF_8) + "&client_assertion=" + assertion;
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
