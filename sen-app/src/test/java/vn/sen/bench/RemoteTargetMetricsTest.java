package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.app.platform.identity.MetricsSecurityConfiguration;

/** {@code ./sen bench --url} reads a running Sen's heap from its metrics, which need a token now. */
@ExtendWith(SenServer.class)
class RemoteTargetMetricsTest {
  private final SenServer.Running sen = SenServer.get();

  @Test
  void theHeapIsReadWithTheMetricsToken() {
    URI fhir = URI.create(sen.baseUrl() + "/fhir");
    String token = sen.tokenFor("bench-metrics", MetricsSecurityConfiguration.SCOPE);
    assertThat(new RemoteTarget(fhir, null, "", "", Map.of("SEN_TOKEN_METRICS", token)).heap())
        .startsWith("server max heap ").endsWith(" MB");
    assertThat(new RemoteTarget(fhir, null, "", "", Map.of()).heap())
        .startsWith("unknown").contains("SEN_TOKEN_METRICS");
  }
}
