package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.platform.audit.AuditFixtures.read;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.app.platform.audit.AuditVerifier.Result;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.store.pg.TestDatabase;

/** A trail written before V10 (per-entry links, entries still staged) upgraded to sealed blocks. */
class AuditUpgradeTest {
  static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create(AuditUpgradeTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void theLinksWrittenBeforeStayVerifiableSearchableAndTheSealsFollowOnFromThem() throws SQLException {
    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
        .target(MigrationVersion.fromVersion("9")).load().migrate();
    List<ChainLink> links = AuditFixtures.linkBeforeV10(db, false, read(1), read(2), read(3));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      // a write's entry committed moments before the old version stopped, not yet chained
      s.execute("INSERT INTO audit_pending (recorded, action, outcome, actor, actor_system, roles, patients,"
          + " entities) VALUES ('2026-03-01T08:00:04Z', 'update', 'success', 'dr.lan', false, '{doctor}',"
          + " '{pat1}', '{Observation/o4/_history/2}')");
    }

    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().migrate();
    try (AuditTrail trail = AuditFixtures.trail(db, true)) {
      trail.record(read(5));
      trail.flush();
    }

    assertThat(AuditFixtures.pendingBeforeV10(db)).isZero();
    assertThat(AuditFixtures.entries(db)).extracting(AuditEntry::action)
        .containsExactly("read", "read", "read", "update", "read");
    assertThat(AuditFixtures.seqs(db)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(AuditFixtures.seals(db).getFirst().prevHash()).isEqualTo(links.getLast().hash());
    assertThat(new AuditVerifier(db.dataSource()).verify(new AuditVerifier.Anchor(0, 3, links.get(2).hash())))
        .isInstanceOfSatisfying(Result.Intact.class, r -> {
          assertThat(r.entries()).isEqualTo(5);
          assertThat(r.pending()).isZero();
        });
    AuditEvents events = new AuditEvents(db.dataSource(), FhirContext.forR4Cached());
    SearchQueryParser parser = new SearchQueryParser(new SearchParameterRegistry(FhirContext.forR4Cached()), Set.of());
    assertThat(ids(events, parser, "entity=Observation/o2")).containsExactly("2");
    assertThat(ids(events, parser, "entity=Observation/o4")).containsExactly("4");
    assertThat(ids(events, parser, "entity=Observation/o5")).containsExactly("5");
  }

  private static List<String> ids(AuditEvents events, SearchQueryParser parser, String query) {
    return events.search(parser.parse("AuditEvent", SearchQueryParser.queryPairs(query), true).query(), null)
        .entries().stream().map(m -> m.resource().id()).toList();
  }
}
