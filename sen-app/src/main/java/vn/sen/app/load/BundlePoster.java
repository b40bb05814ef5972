package vn.sen.app.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Posts one transaction or batch Bundle to the FHIR base and reads the answer. A transaction either
 * commits whole or not at all on the server, so a failed one can be reported and skipped; it is sent
 * again only when it certainly did not commit (connection refused, 429, 503) or when it is
 * idempotent (PUTs only).
 */
final class BundlePoster {
  private static final int ATTEMPTS = 4;
  private static final int DIAGNOSTICS_LIMIT = 400;

  private final HttpClient http;
  private final URI fhirBase;
  private final @Nullable String bearerToken;
  private final ObjectMapper json;

  BundlePoster(HttpClient http, URI fhirBase, @Nullable String bearerToken, ObjectMapper json) {
    this.http = http;
    this.fhirBase = fhirBase;
    this.bearerToken = bearerToken;
    this.json = json;
  }

  /** What the server answered. */
  sealed interface Outcome {}

  /** Committed; for a batch, {@code failedEntries} entries failed on their own. */
  record Loaded(int resources, int failedEntries, String firstEntryFailure) implements Outcome {}

  /** Refused whole (nothing written): the status and the OperationOutcome's diagnostics. */
  record Refused(String reason) implements Outcome {}

  Outcome post(byte[] body, boolean idempotent) throws InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(fhirBase)
        .timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("Prefer", "return=minimal")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    HttpRequest request = builder.build();
    String lastProblem = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (ConnectException e) {
        lastProblem = "cannot connect to " + fhirBase + ": " + e.getMessage();
        backOff(attempt);
        continue;
      } catch (HttpTimeoutException e) {
        return new Refused("no answer within 10 minutes; the server may still have committed it");
      } catch (IOException e) {
        lastProblem = "connection failed: " + e;
        if (!idempotent) {
          return new Refused(lastProblem + "; not retried because the server may have committed it");
        }
        backOff(attempt);
        continue;
      }
      int status = response.statusCode();
      if (status == 429 || status == 503 || (idempotent && status >= 500)) {
        lastProblem = "HTTP " + status + ": " + diagnostics(response.body());
        backOff(attempt);
        continue;
      }
      if (status / 100 != 2) {
        return new Refused("HTTP " + status + ": " + diagnostics(response.body()));
      }
      return loaded(response.body());
    }
    return new Refused(lastProblem + " (after " + ATTEMPTS + " attempts)");
  }

  private Loaded loaded(byte[] body) {
    int ok = 0;
    int failed = 0;
    String firstFailure = "";
    try {
      JsonNode entries = json.readTree(body).path("entry");
      for (JsonNode entry : entries) {
        JsonNode response = entry.path("response");
        String status = response.path("status").asText("");
        if (status.startsWith("2")) {
          ok++;
        } else {
          failed++;
          if (firstFailure.isEmpty()) {
            firstFailure = status + " " + issues(response.path("outcome"));
          }
        }
      }
    } catch (IOException e) {
      return new Loaded(0, 0, "");
    }
    return new Loaded(ok, failed, firstFailure);
  }

  /** The OperationOutcome's issues, shortened; the server names what and where, not patient data. */
  private String diagnostics(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && "OperationOutcome".equals(node.path("resourceType").asText())) {
        return issues(node);
      }
    } catch (JsonProcessingException e) {
      return "(the answer is not JSON)";
    } catch (IOException e) {
      return "(unreadable answer)";
    }
    return "(no OperationOutcome)";
  }

  private static String issues(JsonNode outcome) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode issue : outcome.path("issue")) {
      if (!sb.isEmpty()) {
        sb.append("; ");
      }
      sb.append(issue.path("diagnostics").asText(issue.path("code").asText("")));
      JsonNode expression = issue.path("expression");
      if (expression.isArray() && !expression.isEmpty()) {
        sb.append(" at ").append(expression.get(0).asText());
      }
    }
    String text = sb.toString().replace('\n', ' ');
    return text.length() > DIAGNOSTICS_LIMIT ? text.substring(0, DIAGNOSTICS_LIMIT) + "…" : text;
  }

  private static void backOff(int attempt) throws InterruptedException {
    if (attempt < ATTEMPTS) {
      Thread.sleep(500L << attempt);
    }
  }
}
