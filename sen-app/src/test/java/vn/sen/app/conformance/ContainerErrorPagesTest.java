package vn.sen.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** Requests Tomcat refuses itself still get Sen's answers: an OperationOutcome under /fhir, no server banner. */
@ExtendWith(SenServer.class)
class ContainerErrorPagesTest {

  private RawHttp http(SenServer.Running sen) {
    URI base = URI.create(sen.baseUrl());
    return new RawHttp(base.getHost(), base.getPort());
  }

  @Test
  void anIllegalCharacterInTheRequestLineIsAnOperationOutcome(SenServer.Running sen) {
    RawHttp.Answer answer = http(sen).send("GET", "/fhir/Patient?name=<script>", Map.of(), new byte[0]);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text()).startsWith("{\"resourceType\":\"OperationOutcome\"").doesNotContain("Tomcat")
        .doesNotContain("script");
  }

  @Test
  void aRequestLineBeyondTheLimitIsAnOperationOutcome(SenServer.Running sen) {
    RawHttp.Answer answer = http(sen).send("GET", "/fhir/Patient?name=" + "a".repeat(20_000), Map.of(), new byte[0]);

    assertThat(answer.status()).isBetween(400, 499);
    assertThat(answer.text()).contains("OperationOutcome").doesNotContain("Tomcat");
  }

  @Test
  void outsideTheApiTheRefusalIsAFriendlyPage(SenServer.Running sen) {
    RawHttp.Answer answer = http(sen).send("GET", "/companion/%zz", Map.of(), new byte[0]);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text()).contains("Không thể xử lý yêu cầu").doesNotContain("Tomcat");
  }
}
