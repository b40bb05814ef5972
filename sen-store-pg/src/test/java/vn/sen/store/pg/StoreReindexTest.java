package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.store.pg.AccessFixture.REGISTRY;
import static vn.sen.store.pg.AccessFixture.clinician;
import static vn.sen.store.pg.AccessFixture.encounter;
import static vn.sen.store.pg.AccessFixture.localOnly;
import static vn.sen.store.pg.AccessFixture.observation;
import static vn.sen.store.pg.AccessFixture.organization;
import static vn.sen.store.pg.AccessFixture.patient;
import static vn.sen.store.pg.AccessFixture.patientUser;
import static vn.sen.store.pg.AccessFixture.restrictLabel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * {@link StoreReindex}: the rows it derives again are exactly the rows a fresh write leaves, a resource
 * written during the reindex keeps its writer's rows, and a reindex resumes from a rid.
 *
 * <p>Data: Organizations oa, ob; p1 in care at oa (open Encounter e1), her HIV-labelled result restricted to
 * role {@code hiv}; p2 in care at ob, keeping her record local to ob; one labelled Observation deleted.
 */
class StoreReindexTest {
  private static final String CODE = "2345-7";
  private static final AccessFilter A = clinician("Organization/oa", "Practitioner/dr1", "doctor");
  private static final AccessFilter A_HIV = clinician("Organization/oa", "Practitioner/dr1", "doctor", "hiv");
  private static final AccessFilter B = clinician("Organization/ob", "Practitioner/dr2", "doctor");
  private static final List<AccessFilter> CALLERS = List.of(AccessFilter.UNRESTRICTED, A, A_HIV, B,
      patientUser("p1"), patientUser("p2"));
  private static final List<String> QUERIES = List.of("Observation?code=http://loinc.org|" + CODE,
      "Observation?subject=Patient/p1", "Observation?_security=HIV", "Patient?name=one", "Patient?family=two",
      "Encounter?status=in-progress", "Encounter?service-provider=Organization/ob", "Consent?patient=p2",
      "Organization?name=alpha", "Observation?patient=p2&code=" + CODE);
  private static final SearchQueryParser PARSER = new SearchQueryParser(REGISTRY, Set.of());

  private final AccessFixture.MovableClock clock =
      new AccessFixture.MovableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private TestDatabase db;
  private PostgresFhirRepository repo;

  @BeforeEach
  void data() {
    db = TestDatabase.create(StoreReindexTest.class);
    repo = AccessFixture.repository(db, clock, List.of());
    put("Organization", "oa", organization("Alpha"));
    put("Organization", "ob", organization("Beta"));
    put("Patient", "p1", patient("One", null));
    put("Encounter", "e1", encounter("p1", "Organization/oa", Encounter.EncounterStatus.INPROGRESS));
    put("Observation", "o1a", observation("p1", CODE, null));
    put("Observation", "o1h", observation("p1", CODE, "HIV"));
    put("Observation", "o1d", observation("p1", CODE, "HIV"));
    repo.inTransaction(tx -> tx.delete("Observation", "o1d", null));
    put("Consent", "c1", restrictLabel("p1", "HIV", "hiv"));
    put("Patient", "p2", patient("Two", "Organization/ob"));
    put("Encounter", "e2", encounter("p2", "Organization/ob", Encounter.EncounterStatus.INPROGRESS));
    put("Consent", "c2", localOnly("p2", "Organization/ob"));
    put("Observation", "o2", observation("p2", CODE, null));
    // an earlier version, whose stale rows a reindex may drop
    put("Observation", "o2", observation("p2", CODE, null));
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void reindexDerivesExactlyTheRowsAndAnswersOfFreshlyWrittenResources() throws SQLException {
    Map<String, List<String>> freshRows = rows();
    Map<String, List<String>> freshAnswers = answers();
    corrupt();
    assertThat(rows()).isNotEqualTo(freshRows);
    assertThat(answers()).isNotEqualTo(freshAnswers);

    StoreReindex.Progress done = new StoreReindex(db.dataSource(), repo)
        .run(new StoreReindex.Options(Set.of(), true, true, 1, 4, 2), p -> {});

    assertThat(rows()).isEqualTo(freshRows);
    assertThat(answers()).isEqualTo(freshAnswers);
    assertThat(done.resources()).isEqualTo(12);
    assertThat(done.moved()).isZero();
    assertThat(done.indexRows()).isEqualTo(freshRows.get("index").size());
    assertThat(done.factRows()).isEqualTo(freshRows.get("facts").size());
  }

  @Test
  void factsOnlyLeavesSearchRowsAndTypesLimitTheWalk() throws SQLException {
    Map<String, List<String>> fresh = rows();
    exec("delete from access_relation", "delete from access_local", "delete from access_label",
        "delete from idx_string");

    StoreReindex.Progress done = new StoreReindex(db.dataSource(), repo)
        .run(new StoreReindex.Options(Set.of("Encounter", "Consent"), false, true, 1, 500), p -> {});

    Map<String, List<String>> after = rows();
    assertThat(done.resources()).isEqualTo(4);
    assertThat(after.get("facts")).isEqualTo(fresh.get("facts").stream()
        .filter(f -> f.contains(" Encounter/") || f.contains(" Consent/")).toList());
    assertThat(after.get("index")).noneMatch(row -> row.startsWith("idx_string"));
  }

  @Test
  void resumesFromTheRidAnInterruptedRunReported() throws SQLException {
    Map<String, List<String>> fresh = rows();
    corrupt();
    StoreReindex reindex = new StoreReindex(db.dataSource(), repo);
    List<StoreReindex.Progress> seen = new ArrayList<>();
    assertThatThrownBy(() -> reindex.run(new StoreReindex.Options(Set.of(), true, true, 1, 3), p -> {
      seen.add(p);
      throw new IllegalStateException("stopped");
    })).hasMessage("stopped");
    assertThat(rows()).isNotEqualTo(fresh);

    StoreReindex.Progress rest = reindex.run(
        new StoreReindex.Options(Set.of(), true, true, seen.get(0).nextRid(), 3), p -> {});

    assertThat(seen.get(0).resources() + rest.resources()).isEqualTo(12);
    assertThat(rows()).isEqualTo(fresh);
  }

  @Test
  void aResourceWrittenDuringTheReindexKeepsItsWritersRows() throws Exception {
    exec("delete from access_relation", "delete from access_local", "delete from access_label");
    // the writer moves e1's care relation from oa to ob while the reindex runs
    Encounter moved = encounter("p1", "Organization/ob", Encounter.EncounterStatus.INPROGRESS);
    CountDownLatch writerGo = new CountDownLatch(1);
    CountDownLatch writerHoldsLock = new CountDownLatch(1);
    CountDownLatch reindexWaits = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = threads.submit(() -> {
        await(writerGo);
        return repo.inTransaction(tx -> {
          tx.readForUpdate("Encounter", "e1");
          writerHoldsLock.countDown();
          await(reindexWaits);
          return tx.update("Encounter", "e1", moved, null);
        });
      });
      // batches of 3 in rid order: oa, ob, p1, then e1 and two more; the writer takes e1 in between
      Future<StoreReindex.Progress> reindex = threads.submit(() -> new StoreReindex(db.dataSource(), repo)
          .run(new StoreReindex.Options(Set.of(), true, true, 1, 3), p -> {
            if (writerGo.getCount() > 0) {
              writerGo.countDown();
              await(writerHoldsLock);
            }
          }));
      waitUntilReindexWaitsForTheWriter();
      reindexWaits.countDown();
      writer.get(30, TimeUnit.SECONDS);
      StoreReindex.Progress done = reindex.get(30, TimeUnit.SECONDS);

      assertThat(done.moved()).isEqualTo(1);
      assertThat(done.resources()).isEqualTo(11);
    } finally {
      threads.shutdownNow();
    }
    assertThat(rows().get("facts")).filteredOn(f -> f.startsWith("rel Encounter/e1 ")).singleElement()
        .asString().contains("Organization/ob").doesNotContain("Organization/oa");
    assertThat(repo.check("Observation", "o1a", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o1a", B)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(matches("Encounter?service-provider=Organization/ob", AccessFilter.UNRESTRICTED))
        .containsExactly("Encounter/e1", "Encounter/e2");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The reindex has skipped the row the writer locked and now waits for it alone. */
  private void waitUntilReindexWaitsForTheWriter() throws Exception {
    for (int i = 0; i < 600; i++) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
              + " and wait_event_type = 'Lock' and query like 'select rid, ver from resource where rid = $1 for update'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the reindex never waited for the writer's lock");
  }

  /** Old rules or a database from before the access facts: rows missing, wrong or stale. */
  private void corrupt() throws SQLException {
    exec("delete from access_relation", "delete from access_local",
        "delete from access_label where src = (select rid from resource where id = 'c1')",
        "delete from idx_token where rid in (select rid from resource where rtype = 'Observation')",
        "delete from idx_string where rid in (select rid from resource where rtype = 'Patient')",
        "insert into idx_string (rid, ver, param, norm, val) select rid, ver, param, 'zzz', null from idx_string"
            + " where rid = (select rid from resource where id = 'oa')",
        "update resource set pat = null where id = 'o2'");
  }

  private void exec(String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Index rows of current versions, access facts and compartments, as sorted text. */
  private Map<String, List<String>> rows() throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    StringBuilder index = new StringBuilder();
    for (String table : List.of("idx_token", "idx_string", "idx_date", "idx_number", "idx_quantity", "idx_ref",
        "idx_uri", "idx_composite")) {
      index.append(index.isEmpty() ? "" : " union all ").append("select '").append(table)
          .append(" ' || r.rtype || '/' || r.id || ' ' || (to_jsonb(t) - 'rid') from ").append(table)
          .append(" t join resource r on r.rid = t.rid and r.ver = t.ver");
    }
    rows.put("index", strings(index + " order by 1"));
    rows.put("facts", strings("""
        select 'rel ' || r.rtype || '/' || r.id || ' ' || (to_jsonb(f) - 'src') from access_relation f
          join resource r on r.rid = f.src
        union all select 'local ' || r.rtype || '/' || r.id || ' ' || (to_jsonb(f) - 'src') from access_local f
          join resource r on r.rid = f.src
        union all select 'label ' || r.rtype || '/' || r.id || ' ' || (to_jsonb(f) - 'src') from access_label f
          join resource r on r.rid = f.src
        order by 1"""));
    rows.put("compartments", strings(
        "select rtype || '/' || id || ' ' || ver || ' ' || coalesce(pat, '-') from resource order by 1"));
    return rows;
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** What every caller's searches return. */
  private Map<String, List<String>> answers() {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    for (AccessFilter caller : CALLERS) {
      for (String query : QUERIES) {
        answers.put(caller + " " + query, matches(query, caller));
      }
    }
    return answers;
  }

  private List<String> matches(String query, AccessFilter caller) {
    int mark = query.indexOf('?');
    SearchQuery parsed = PARSER.parseConditional(query.substring(0, mark), query.substring(mark + 1))
        .withAccess(caller);
    return repo.search(parsed).entries().stream().filter(m -> !m.include())
        .map(m -> m.resource().type() + "/" + m.resource().id()).sorted().toList();
  }

  private void put(String type, String id, Resource resource) {
    repo.inTransaction(tx -> tx.update(type, id, resource, null));
  }
}
