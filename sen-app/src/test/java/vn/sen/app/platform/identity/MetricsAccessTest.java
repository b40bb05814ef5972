package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** Who may read {@code /actuator/prometheus}: a token with {@code metrics.read} or of an admin; health is public. */
@ExtendWith(SenServer.class)
class MetricsAccessTest {
  private final SenServer.Running sen = SenServer.get();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aMonitoringClientWithTheMetricsScopeReadsTheMetrics() throws Exception {
    HttpResponse<String> r = metrics(sen.tokenFor("prometheus-" + run, MetricsSecurityConfiguration.SCOPE));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("jvm_memory_max_bytes");
  }

  @Test
  void anAdministratorsTokenReadsTheMetricsOtherUsersDoNot() throws Exception {
    sen.createUser("quantri-" + run, "metrics-" + run, Set.of("admin"), "Practitioner/admin-" + run, null, null);
    sen.createUser("bacsi-" + run, "metrics-" + run, Set.of("doctor"), "Practitioner/doctor-" + run,
        "Organization/o-" + run, null);
    assertThat(metrics(sen.tokenFor("quantri-" + run, "openid")).statusCode()).isEqualTo(200);
    assertThat(metrics(sen.tokenFor("bacsi-" + run, "user/*.cruds")).statusCode()).isEqualTo(403);
  }

  @Test
  void withoutTheScopeOrAnyTokenTheMetricsAreClosed() throws Exception {
    HttpResponse<String> anonymous = metrics(null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertThat(anonymous.body()).doesNotContain("jvm_");
    // a clinical system scope is not the metrics scope
    assertThat(metrics(sen.systemToken()).statusCode()).isEqualTo(403);
    assertThat(metrics("not-a-token").statusCode()).isEqualTo(401);
    // an administrator's page session is not a token
    HttpResponse<String> page = sen.get("/actuator/prometheus");
    assertThat(page.statusCode()).isEqualTo(401);
    // health stays public
    assertThat(sen.anonymousGet("/actuator/health").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> metrics(@Nullable String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/actuator/prometheus"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
