package vn.sen.app.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import vn.sen.app.SenServer;

/**
 * Raw HTTP against the FHIR endpoint, for checks where HAPI's generic client would hide the exchange
 * (exact status, headers, bodies it would refuse to send). JSON bodies are parsed with decimals kept
 * exactly as written, so {@code 1.50} and {@code 1.5} stay different, as FHIR requires.
 */
final class FhirHttp {
  /** Decimals as {@link java.math.BigDecimal} with their scale: FHIR decimals carry their precision. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String fhirBase;
  private final @Nullable String bearerToken;

  /** Requests carry the test harness's system token ({@link SenServer.Running#systemToken()}). */
  FhirHttp(String baseUrl) {
    this(baseUrl, SenServer.get().systemToken());
  }

  /** Requests carry this access token, or none when it is null. */
  FhirHttp(String baseUrl, @Nullable String bearerToken) {
    this.fhirBase = baseUrl + "/fhir";
    this.bearerToken = bearerToken;
  }

  /** Requests without any token. */
  static FhirHttp unauthenticated(String baseUrl) {
    return new FhirHttp(baseUrl, null);
  }

  String fhirBase() {
    return fhirBase;
  }

  /** One exchange: status, body text and the response headers used by the checks. */
  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("Response body is not JSON (status " + status + ")", e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }
  }

  Reply get(String pathAndQuery, String... headers) {
    return send(builder(pathAndQuery, headers).GET());
  }

  Reply put(String path, String body, String... headers) {
    return send(builder(path, "Content-Type", "application/fhir+json", headers)
        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  Reply post(String path, String body, String... headers) {
    return send(builder(path, "Content-Type", "application/fhir+json", headers)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  Reply patch(String path, String contentType, String body, String... headers) {
    return send(builder(path, "Content-Type", contentType, headers)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  HttpRequest.Builder builder(String pathAndQuery, String... headers) {
    return builder(pathAndQuery, null, null, headers);
  }

  private HttpRequest.Builder builder(String pathAndQuery, String contentTypeName, String contentType,
      String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fhirBase + pathAndQuery))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/fhir+json");
    if (bearerToken != null) {
      b.header("Authorization", "Bearer " + bearerToken);
    }
    if (contentTypeName != null) {
      b.header(contentTypeName, contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b;
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
