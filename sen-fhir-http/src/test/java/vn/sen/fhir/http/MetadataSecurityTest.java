package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.junit.jupiter.api.Test;

class MetadataSecurityTest extends FhirServerTest {
  private volatile String tokenUrl = "https://a.example/token";
  private final AtomicInteger described = new AtomicInteger();

  @Override
  FhirServlet configured(FhirServlet servlet) {
    return servlet.describeSecurity(() -> new CapabilitySecurity() {
      final String url = tokenUrl;

      @Override
      public String key() {
        return url;
      }

      @Override
      public void describe(CapabilityStatementRestSecurityComponent security) {
        described.incrementAndGet();
        security.setCors(true).setDescription("tokens from " + url);
      }
    });
  }

  @Test
  void theDescribedSecurityIsInTheStatementAndBuiltOncePerDescription() {
    JsonNode first = get("/metadata").json().path("rest").path(0).path("security");
    get("/metadata");

    assertThat(first.path("cors").asBoolean()).isTrue();
    assertThat(first.path("description").asText()).isEqualTo("tokens from https://a.example/token");
    assertThat(described).hasValue(1);
    assertThat(get("/metadata").json().path("rest").path(0).path("resource")).hasSize(REGISTRY.resourceTypes().size());

    tokenUrl = "https://b.example/token";
    assertThat(get("/metadata").json().path("rest").path(0).path("security").path("description").asText())
        .isEqualTo("tokens from https://b.example/token");
    assertThat(described).hasValue(2);
    assertThat(get("/metadata?_format=xml").body()).contains("tokens from https://b.example/token");
  }
}
