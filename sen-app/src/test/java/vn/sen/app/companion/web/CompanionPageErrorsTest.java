package vn.sen.app.companion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** Odd requests to the companion pages get a friendly page with a 4xx, never a 500, and write nothing. */
@ExtendWith(SenServer.class)
class CompanionPageErrorsTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void oddRequestsGetFourHundredsAndWriteNothing(SenServer.Running sen) throws Exception {
    CompanionRecords records = CompanionRecords.create(sen.fhirClient());
    assertThat(send(sen, get("/companion"), null).statusCode()).isEqualTo(200);
    assertThat(send(sen, get("/companion/history"), null).statusCode()).isEqualTo(401);
    assertThat(send(sen, post("/companion/message", "text=hello"), null).statusCode()).isEqualTo(401);

    String link = sen.context().getBean(CompanionLinks.class)
        .issue(records.patientId(), null, Duration.ofMinutes(10)).path();
    HttpResponse<String> opened = send(sen, get(link), null);
    String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String page = send(sen, get("/companion"), cookie).body();
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).isTrue();
    String csrf = "_csrf=" + m.group(1);
    String aml = records.amlodipineId();

    assertThat(send(sen, get("/companion/dose"), cookie).statusCode()).isEqualTo(400);
    assertThat(send(sen, get("/companion/dose?id=" + enc("ñ<script>")), cookie).statusCode()).isEqualTo(404);
    assertThat(send(sen, get("/companion/dose?id=" + enc("a\u0000b")), cookie).statusCode()).isIn(400, 404);
    assertThat(send(sen, get("/companion/history?weeks=99999999999999"), cookie).statusCode()).isEqualTo(200);
    assertThat(send(sen, get("/companion/link/" + enc("../../etc")), cookie).statusCode()).isIn(400, 404);
    for (String id : new String[] {aml + "@2026-02-30T07:00", aml + "@2999-01-01T07:00", "x".repeat(500),
        "no-such@2026-01-01T07:00"}) {
      assertThat(send(sen, post("/companion/dose", csrf + "&answer=taken&id=" + enc(id)), cookie).statusCode())
          .as(id).isEqualTo(404);
    }
    String today = Pattern.compile("name=\"id\" value=\"([^\"]+)\"").matcher(page).results().findFirst()
        .orElseThrow().group(1);
    assertThat(send(sen, post("/companion/dose", csrf + "&answer=maybe&id=" + enc(today)), cookie).statusCode())
        .isEqualTo(400);
    assertThat(send(sen, post("/companion/dose", csrf + "&id=" + enc(today)), cookie).statusCode()).isEqualTo(400);
    assertThat(send(sen, post("/companion/dose/skip", csrf + "&reason=bored&id=" + enc(today)), cookie)
        .statusCode()).isEqualTo(400);
    HttpResponse<String> tooLong = send(sen, post("/companion/message", csrf + "&text=" + "a".repeat(2001)), cookie);
    assertThat(tooLong.statusCode()).isEqualTo(200);
    assertThat(tooLong.body()).contains("Lời nhắn dài quá");
    assertThat(send(sen, post("/companion/message", "text=%ZZ&" + csrf), cookie).statusCode()).isBetween(200, 499);

    assertThat(records.administrations()).isEmpty();
    assertThat(records.messages()).isEmpty();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private record Req(String method, String path, String form) {}

  private static Req get(String path) {
    return new Req("GET", path, null);
  }

  private static Req post(String path, String form) {
    return new Req("POST", path, form);
  }

  private static HttpResponse<String> send(SenServer.Running sen, Req req, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sen.baseUrl() + req.path()));
    if (req.form() == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(req.form()));
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    // a client of its own: the harness's page session must not become a companion session
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
