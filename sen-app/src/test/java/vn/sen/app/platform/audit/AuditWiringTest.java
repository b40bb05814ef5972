package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Period;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.FhirConfiguration;
import vn.sen.app.SenProperties;
import vn.sen.app.SenServer;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.app.platform.policy.AccessRecorder.AccessEvent;
import vn.sen.app.platform.policy.AccessSubject;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.store.pg.CommitHook.Change;
import vn.sen.store.pg.CommitHook.Kind;

/** The audit beans in the running application, on its migrated database. */
@ExtendWith(SenServer.class)
class AuditWiringTest {

  @Test
  void theApplicationRecordsAccessesAndWritesOnOneVerifiableChain(SenServer.Running sen) throws Exception {
    ConfigurableApplicationContext context = sen.context();
    AccessSubject nurse = new AccessSubject("y.ta.hoa", false, Set.of("nurse"), "Practitioner/p2",
        "Organization/o2", null, AccessSubject.ScopeGrant.ALL);
    CurrentAuditContext current = context.getBean(CurrentAuditContext.class);

    try (CurrentAuditContext.Scope request = current.bind(new AuditContext(AuditFixtures.DOCTOR, null, "TREAT",
        null, "10.1.1.1", "test", "req-wiring", "read"))) {
      context.getBean(AuditAccessRecorder.class).record(nurse,
          new AccessEvent("read", "success", Set.of("wiring-pat"), List.of("Patient/wiring-pat/_history/1"), null));
      try (Connection c = context.getBean(DataSource.class).getConnection()) {
        c.setAutoCommit(false);
        context.getBean(AuditCommitHook.class)
            .beforeCommit(c, List.of(new Change(Kind.UPDATE, "Patient", "wiring-pat", 2, "wiring-pat")));
        c.commit();
      }
    }
    context.getBean(AuditTrail.class).flush();

    var found = context.getBean(AuditEvents.class)
        .search(SearchQuery.of("AuditEvent", List.of()).withPage(100, 0), "wiring-pat");
    assertThat(found.entries()).hasSize(2);
    assertThat(context.getBean(AuditVerifier.class).verify(null)).isInstanceOf(Result.Intact.class);
    assertThat(context.getBean(AuditProperties.class).retention()).isEqualTo(Period.ofYears(10));

    // the running Sen signs the head with its key in the data directory, into the database and the log
    SignedAnchor made = context.getBean(AuditAnchors.class).make().orElseThrow();
    Path keyFile = context.getBean(AuditProperties.class).anchorKeyFile(context.getBean(SenProperties.class).dataDir());
    assertThat(made.signedBy(AnchorKey.read(AnchorKey.publicFile(keyFile)))).isTrue();
    assertThat(AuditAnchors.readLog(AuditAnchors.logFile(keyFile)).anchors()).extracting(SignedAnchor::line)
        .contains(made.line());
    assertThat(context.getBean(AuditVerifier.class).verify(null, List.of(made.anchor())))
        .isInstanceOf(Result.Intact.class);
  }

  @Test
  void aSearchServedAloneIsJournaledAndReachesTheTrail(SenServer.Running sen) throws Exception {
    AuditTrail trail = sen.context().getBean(AuditTrail.class);
    assertThat(trail.journalDir()).isNotNull();
    long before = trail.journaled();
    String requestId = "journaled-" + System.nanoTime();
    String since = java.time.Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

    HttpResponse<String> searched = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir/Patient?_id=nobody-here"))
            .header("Authorization", "Bearer " + sen.systemToken()).header("X-Request-Id", requestId).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(searched.statusCode()).isEqualTo(200);
    assertThat(trail.journaled()).as("the one request in flight appended its entry to the journal")
        .isEqualTo(before + 1);
    // an auditor's search moves the journal first
    String events = sen.get("/fhir/AuditEvent?_count=500&date=ge" + since).body();
    assertThat(events).contains(requestId);
    assertThat(sen.context().getBean(AuditVerifier.class).verify(null)).isInstanceOf(Result.Intact.class);
  }

  @Test
  void theWriterPassesEveryHundredMillisecondsUnlessConfiguredWithinAMinute(SenServer.Running sen) {
    AuditProperties properties = sen.context().getBean(AuditProperties.class);
    assertThat(properties.chainInterval()).isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(properties.journal()).isTrue();
    for (java.time.Duration refused : List.of(java.time.Duration.ZERO, java.time.Duration.ofMillis(-1),
        java.time.Duration.ofMinutes(2))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuditProperties(Period.ofYears(10),
              java.time.Duration.ofSeconds(10), false, null, java.time.Duration.ofHours(1), true, null, refused))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sen.audit.chain-interval");
    }
  }

  @Test
  void theTrailHasItsOwnPoolThatKeepsDefaultPlanCaching(SenServer.Running sen) throws Exception {
    ConfigurableApplicationContext context = sen.context();
    DataSource store = context.getBean(DataSource.class);
    DataSource trail = context.getBean(AuditConnections.class).dataSource();
    assertThat(trail).isNotSameAs(store);
    assertThat(setting(store, "plan_cache_mode")).isEqualTo("force_custom_plan");
    assertThat(setting(trail, "plan_cache_mode")).isEqualTo("auto");
    assertThat(setting(trail, "statement_timeout")).isEqualTo(setting(store, "statement_timeout"));
  }

  @Test
  void readsByIdHaveTheirOwnPoolThatKeepsDefaultPlanCaching(SenServer.Running sen) throws Exception {
    ConfigurableApplicationContext context = sen.context();
    DataSource store = context.getBean(DataSource.class);
    DataSource reads = context.getBean(FhirConfiguration.PointReads.class).pool().dataSource();
    assertThat(reads).isNotSameAs(store);
    assertThat(setting(reads, "plan_cache_mode")).isEqualTo("auto");
    assertThat(setting(reads, "statement_timeout")).isEqualTo(setting(store, "statement_timeout"));
  }

  private static String setting(DataSource dataSource, String name) throws Exception {
    try (Connection c = dataSource.getConnection(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
