package vn.sen.app.companion.reminder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A signed outbound webhook an SMS or Zalo gateway consumes: one JSON POST per reminder, signed with the
 * endpoint's secret ({@link WebhookSignature}); a batch goes out concurrently. 2xx is delivered; 429, 5xx,
 * timeouts and connection errors are retried; other 4xx fail for good. The body carries only what a
 * gateway needs to send the message: id, kind, address, language, text, due time and attempt.
 */
public final class WebhookChannel implements ReminderChannel {
  private final String name;
  private final URI url;
  private final WebhookSignature signature;
  private final HttpClient http;
  private final Duration timeout;
  private final ReminderTexts texts;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public WebhookChannel(String name, URI url, WebhookSignature signature, HttpClient http, Duration timeout,
      ReminderTexts texts, Clock clock) {
    this.name = name;
    this.url = url;
    this.signature = signature;
    this.http = http;
    this.timeout = timeout;
    this.texts = texts;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Outcome> send(List<OutgoingReminder> batch) {
    List<CompletableFuture<Outcome>> calls = new ArrayList<>(batch.size());
    for (OutgoingReminder r : batch) {
      calls.add(call(r));
    }
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (CompletableFuture<Outcome> call : calls) {
      outcomes.add(call.join());
    }
    return outcomes;
  }

  private CompletableFuture<Outcome> call(OutgoingReminder r) {
    Recipients.Recipient reach = r.reach();
    if (reach == null || reach.address() == null) {
      return CompletableFuture.completedFuture(new Outcome.Failed(null, "no address"));
    }
    byte[] body = body(r, reach);
    long now = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header(WebhookSignature.ID_HEADER, Long.toString(r.id()))
        .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
        .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(now, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> outcome(response.statusCode()))
        .exceptionally(WebhookChannel::failure);
  }

  static Outcome outcome(int status) {
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(status);
    }
    if (status == 429 || status >= 500 || status < 200) {
      return new Outcome.Retry(status, "HTTP " + status);
    }
    return new Outcome.Failed(status, "HTTP " + status);
  }

  private static Outcome failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof HttpTimeoutException) {
      return new Outcome.Retry(null, "timeout");
    }
    if (cause instanceof IOException) {
      return new Outcome.Retry(null, "connection: " + cause.getClass().getSimpleName());
    }
    return new Outcome.Retry(null, "error: " + cause.getClass().getSimpleName());
  }

  private byte[] body(OutgoingReminder r, Recipients.Recipient reach) {
    ObjectNode node = json.createObjectNode();
    node.put("id", Long.toString(r.id()));
    node.put("type", r.escalation() ? "caregiver-escalation" : "dose-reminder");
    node.put("channel", name);
    node.put("to", reach.address());
    node.put("language", reach.language());
    node.put("text", texts.text(r, reach.language()));
    node.put("due", r.doseDue().toString());
    node.put("attempt", r.attempt());
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
