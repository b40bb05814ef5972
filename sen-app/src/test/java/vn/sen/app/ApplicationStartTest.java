package vn.sen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.platform.identity.MetricsSecurityConfiguration;
import vn.sen.fhir.core.FhirRepository;

@ExtendWith(SenServer.class)
class ApplicationStartTest {

  @Test
  void healthIsUp(SenServer.Running sen) {
    HttpResponse<String> response = sen.get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusMetricsAreExposed(SenServer.Running sen) throws Exception {
    // to a monitoring client's token (MetricsAccessTest has who else may and may not)
    String token = sen.tokenFor("sen-test-metrics", MetricsSecurityConfiguration.SCOPE);
    HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/actuator/prometheus"))
            .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
  }

  @Test
  void homePageRendersInVietnameseByDefault(SenServer.Running sen) {
    HttpResponse<String> response = sen.get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body())
        .contains("<html lang=\"vi\"")
        .contains("Hồ sơ sức khỏe dùng chung")
        .contains("/actuator/health");
  }

  @Test
  void homePageSwitchesToEnglishAndRemembersIt(SenServer.Running sen) throws Exception {
    HttpResponse<String> english = sen.get("/?lang=en");

    assertThat(english.body()).contains("<html lang=\"en\"").contains("shared care record for Vietnam");
    String cookie = english.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("sen-lang=en");

    HttpResponse<String> next = sen.http().send(
        HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/")).header("Cookie", cookie.split(";")[0]).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(next.body()).contains("<html lang=\"en\"");
  }

  @Test
  void listensOnLoopbackOnly(SenServer.Running sen) {
    assertThat(sen.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(sen.context().getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
  }

  @Test
  void storeIsWiredOnTheMigratedDatabase(SenServer.Running sen) {
    assertThat(sen.context().getBean(FhirRepository.class)).isNotNull();
    assertThat(sen.context().getBean(DatabaseConfiguration.SchemaMigration.class).version()).isNotBlank();
  }
}
