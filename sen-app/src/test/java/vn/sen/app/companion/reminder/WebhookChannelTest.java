package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.companion.reminder.ReminderFixture.hanoi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;

class WebhookChannelTest {
  private static final String SECRET = "gateway-secret-0123456789";
  private static ReminderFixture fx;
  private final ReminderSettings settings = ReminderSettings.standard();
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;
  private java.util.concurrent.ExecutorService handlers;
  /** What the gateway answers, one entry per request: a status, or -1 to hang past the timeout. */
  private final LinkedBlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  /** Released when the test ends: a hanging answer waits for it, well past the client's timeout. */
  private final java.util.concurrent.CountDownLatch hung = new java.util.concurrent.CountDownLatch(1);

  record Received(Map<String, List<String>> headers, byte[] body) {}

  @BeforeAll
  static void database() {
    fx = new ReminderFixture(WebhookChannelTest.class, hanoi("2026-12-07", "00:00"));
  }

  @AfterAll
  static void drop() {
    fx.close();
  }

  @BeforeEach
  void gateway() throws Exception {
    fx.execute("truncate reminder, reminder_dose, reminder_preference, reminder_delivery");
    fx.clock.set(hanoi("2026-12-07", "00:00"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sms", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
      Integer status = answers.poll();
      if (status == null) {
        status = 200;
      }
      if (status < 0) {
        try {
          hung.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 200;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    handlers = java.util.concurrent.Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.start();
  }

  @AfterEach
  void stopGateway() {
    hung.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private String patient(String language, String phone) {
    Patient p = new Patient();
    p.addName(new HumanName().setFamily("Nguyễn").addGiven("Thị Lan"));
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE)
        .setValue(phone);
    p.addCommunication().setPreferred(true)
        .setLanguage(new CodeableConcept(new Coding("urn:ietf:bcp:47", language, null)));
    return fx.create(p);
  }

  private void plan(String patientId) {
    fx.preferences(settings).save(ReminderPreferences.defaults(patientId, settings).withChannels(List.of("sms")));
    new ReminderPlanner(fx.dataSource(), new ReminderFixture.ListFeed(List.of(new ExpectedDose(patientId, "mr1",
        hanoi("2026-12-07", "07:00"), "1 viên", "Amlodipine 5 mg"))), fx.preferences(settings), settings, fx.clock)
        .planAhead();
    fx.clock.set(hanoi("2026-12-07", "07:00"));
  }

  private ReminderDispatcher dispatcher() {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    WebhookChannel sms = new WebhookChannel("sms", url, new WebhookSignature(SECRET), HttpClient.newHttpClient(),
        Duration.ofSeconds(2), new ReminderTexts(ReminderFixture.HANOI), fx.clock);
    return new ReminderDispatcher(fx.dataSource(), List.of(new InPageChannel(), sms), new FhirRecipients(fx.fhir),
        new Backoff(settings.retry().base(), settings.retry().max(), new SplittableRandom(3)), settings, fx.clock);
  }

  private static String hmac(String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private List<String> states() {
    return fx.strings("select state || ' ' || attempts from reminder");
  }

  @Test
  void gatewayCanVerifyTheSignatureAndGetsOnlyWhatItNeeds() throws Exception {
    String id = patient("vi", "+84912345678");
    plan(id);

    dispatcher().dispatchDue();

    assertThat(received).hasSize(1);
    Received r = received.peek();
    String timestamp = r.headers().get("Sen-timestamp").get(0);
    assertThat(r.headers().get("Sen-signature")).containsExactly(hmac(timestamp, r.body()));
    assertThat(new WebhookSignature(SECRET).verify(r.headers().get("Sen-signature").get(0),
        Long.parseLong(timestamp), r.body())).isTrue();
    assertThat(Long.parseLong(timestamp)).isEqualTo(hanoi("2026-12-07", "07:00").getEpochSecond());
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("to").asText()).isEqualTo("+84912345678");
    assertThat(body.get("language").asText()).isEqualTo("vi");
    assertThat(body.get("text").asText()).startsWith("Đến giờ uống thuốc (07:00): Amlodipine 5 mg");
    assertThat(body.get("id").asText()).isEqualTo(r.headers().get("Sen-webhook-id").get(0));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("Nguyễn", "Lan", id);
    assertThat(states()).containsExactly("delivered 1");
  }

  @Test
  void tamperedBodyDoesNotVerify() {
    WebhookSignature signature = new WebhookSignature(SECRET);
    byte[] body = "{\"to\":\"+84912345678\"}".getBytes(StandardCharsets.UTF_8);
    String header = signature.sign(1_000, body);

    assertThat(signature.verify(header, 1_000, body)).isTrue();
    assertThat(signature.verify(header, 1_001, body)).isFalse();
    assertThat(signature.verify(header, 1_000, "{\"to\":\"+84900000000\"}".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(new WebhookSignature("another-secret-0123456789").verify(header, 1_000, body)).isFalse();
  }

  @Test
  void patientWhoPrefersEnglishGetsEnglish() throws Exception {
    plan(patient("en-GB", "+84987654321"));

    dispatcher().dispatchDue();

    JsonNode body = json.readTree(received.peek().body());
    assertThat(body.get("language").asText()).isEqualTo("en");
    assertThat(body.get("text").asText()).startsWith("Time for your medicine (07:00): Amlodipine 5 mg");
  }

  @Test
  void serverErrorsAndTimeoutsAreRetriedWithGrowingBackoff() {
    plan(patient("vi", "+84912345678"));
    answers.addAll(List.of(500, -1, 429));

    Instant first = fx.clock.instant();
    dispatcher().dispatchDue();
    Instant retry1 = Instant.parse(fx.strings("select to_json(next_attempt_at) #>> '{}' from reminder").get(0));
    assertThat(Duration.between(first, retry1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(dispatcher().dispatchDue()).as("not before the backoff").isZero();

    fx.clock.set(retry1);
    dispatcher().dispatchDue();
    Instant retry2 = Instant.parse(fx.strings("select to_json(next_attempt_at) #>> '{}' from reminder").get(0));
    assertThat(Duration.between(retry1, retry2)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));

    fx.clock.set(retry2);
    dispatcher().dispatchDue();
    fx.clock.set(Instant.parse(fx.strings("select to_json(next_attempt_at) #>> '{}' from reminder").get(0)));
    dispatcher().dispatchDue();

    assertThat(received).hasSize(4);
    assertThat(states()).containsExactly("delivered 4");
    assertThat(fx.strings("select outcome || ' ' || coalesce(http_status::text, detail) from reminder_delivery"
        + " order by attempt")).containsExactly("retry 500", "retry timeout", "retry 429", "delivered 200");
  }

  @Test
  void clientErrorFailsForGoodAfterOneAttempt() {
    plan(patient("vi", "+84912345678"));
    answers.add(400);

    dispatcher().dispatchDue();
    fx.clock.advance(Duration.ofHours(1));
    dispatcher().dispatchDue();

    assertThat(received).hasSize(1);
    assertThat(states()).containsExactly("failed 1");
  }

  @Test
  void retriesStopAtTheMaximumAttempts() {
    plan(patient("vi", "+84912345678"));
    for (int i = 0; i < 10; i++) {
      answers.add(503);
    }

    for (int i = 0; i < 10; i++) {
      dispatcher().dispatchDue();
      fx.clock.advance(settings.retry().max());
    }

    assertThat(received).hasSize(settings.retry().maxAttempts());
    assertThat(states()).containsExactly("failed " + settings.retry().maxAttempts());
  }
}
