package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngestTest {

  @Test
  void countsOnlySuccessfulEntryResponses() throws Exception {
    String body = """
        {"resourceType":"Bundle","type":"batch-response","entry":[
          {"response":{"status":"201 Created","location":"Patient/a/_history/1"}},
          {"response":{"status":"200 OK"}},
          {"response":{"status":"400 Bad Request","outcome":{"resourceType":"OperationOutcome","issue":[]}}}]}""";

    assertThat(Ingest.countEntries(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
  }
}
