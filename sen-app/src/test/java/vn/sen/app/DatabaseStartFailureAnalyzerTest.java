package vn.sen.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import vn.sen.store.pg.embedded.EmbeddedPostgresException;

class DatabaseStartFailureAnalyzerTest {

  @Test
  void reportsTheEmbeddedPostgresMessageAndWhatToDo() {
    EmbeddedPostgresException cause = new EmbeddedPostgresException("nobody cannot enter /root");
    BeanCreationException wrapped = new BeanCreationException("databaseConnection", "failed", cause);

    FailureAnalysis analysis = new DatabaseStartFailureAnalyzer().analyze(wrapped);

    assertThat(analysis.getDescription()).contains("nobody cannot enter /root");
    assertThat(analysis.getAction()).contains("SEN_DATA_DIR").contains("SEN_DATABASE_URL");
  }
}
