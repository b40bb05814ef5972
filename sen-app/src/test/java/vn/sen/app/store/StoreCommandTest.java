package vn.sen.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.app.cli.SenCli;
import vn.sen.app.platform.policy.CareAccessFacts;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.store.pg.PostgresFhirRepository;
import vn.sen.store.pg.TestDatabase;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * {@code ./sen store reindex} through the CLI entry point, on the database configured as {@code ./sen serve}
 * would find it (SEN_DATABASE_URL, here system properties), with the app's own rules ({@link CareAccessFacts}).
 */
class StoreCommandTest {
  private static final SearchParameterRegistry REGISTRY = new SearchParameterRegistry(FhirContext.forR4Cached());
  private static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create(StoreCommandTest.class);
    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().migrate();
    PostgresFhirRepository repo = new PostgresFhirRepository(db.dataSource(), REGISTRY,
        new FhirPathIndexExtractor(REGISTRY), new CareAccessFacts(Clock.systemUTC()), List.of(), Clock.systemUTC(),
        IdGenerator.secureRandom());
    put(repo, "Organization", "chs1", new Organization().setName("Station"));
    Patient patient = new Patient();
    patient.addName().setFamily("Nguyễn");
    patient.setManagingOrganization(new Reference("Organization/chs1"));
    put(repo, "Patient", "p1", patient);
    Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
        .setSubject(new Reference("Patient/p1")).setServiceProvider(new Reference("Organization/chs1"));
    put(repo, "Encounter", "e1", visit);
    Observation result = new Observation().setStatus(Observation.ObservationStatus.FINAL)
        .setSubject(new Reference("Patient/p1"));
    result.getCode().addCoding().setSystem("http://loinc.org").setCode("2345-7");
    put(repo, "Observation", "o1", result);
    Task referral = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
        .setFor(new Reference("Patient/p1")).setOwner(new Reference("Organization/hospital"));
    put(repo, "Task", "t1", referral);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static void put(PostgresFhirRepository repo, String type, String id, Resource resource) {
    repo.inTransaction(tx -> tx.update(type, id, resource, null));
  }

  @Test
  void reindexThroughTheCliRestoresFactsCompartmentsAndSearchRows() throws SQLException {
    List<String> fresh = rows();
    assertThat(fresh).anyMatch(r -> r.startsWith("rel Task ")).anyMatch(r -> r.startsWith("pat Task p1"));
    exec("delete from access_relation", "delete from idx_token", "update resource set pat = null where rtype = 'Task'");
    assertThat(rows()).isNotEqualTo(fresh);

    Run run = sen("store", "reindex", "--threads", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Done: 5 resources");
    assertThat(rows()).isEqualTo(fresh);
  }

  @Test
  void factsOnlyForSomeTypesLeavesTheRest() throws SQLException {
    List<String> fresh = rows();
    exec("delete from access_relation", "delete from idx_token where rid = (select rid from resource where id = 'o1')");

    Run run = sen("store", "reindex", "--types", "Encounter,Patient", "--facts-only", "--from-rid", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Done: 2 resources");
    List<String> after = rows();
    assertThat(after).filteredOn(r -> r.startsWith("rel ")).containsExactlyInAnyOrderElementsOf(
        fresh.stream().filter(r -> r.startsWith("rel Encounter") || r.startsWith("rel Patient")).toList());
    assertThat(after).noneMatch(r -> r.startsWith("token Observation"));
    exec("delete from access_relation");
    assertThat(sen("store", "reindex").exit()).isZero();
    assertThat(rows()).isEqualTo(fresh);
  }

  @Test
  void compactRemovesIndexRowsOfSupersededVersions() throws SQLException {
    exec("insert into idx_token (rid, ver, param, h_code, h_sys) select rid, ver - 1, param, h_code, h_sys"
        + " from idx_token where rid = (select rid from resource where id = 'o1')");
    List<String> current = rows();

    Run run = sen("store", "compact");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("Compacted: [1-9][0-9]* stale index rows removed");
    assertThat(rows()).isEqualTo(current);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from idx_token t join resource r on r.rid = t.rid"
            + " where t.ver <> r.ver")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void usageErrorsExitTwoWithoutTouchingTheDatabase() {
    assertThat(sen("store").exit()).isEqualTo(2);
    assertThat(sen("store", "compact", "--now").exit()).isEqualTo(2);
    Run unknownType = sen("store", "reindex", "--types", "Patient,Pateint");
    assertThat(unknownType.exit()).isEqualTo(2);
    assertThat(unknownType.err()).contains("'Pateint' is not an R4 resource type");
    assertThat(sen("store", "reindex", "--facts-only", "--search-only").exit()).isEqualTo(2);
    assertThat(sen("store", "reindex", "--from-rid", "ten").exit()).isEqualTo(2);
    assertThat(sen("store", "reindex", "--threads", "0").exit()).isEqualTo(2);
  }

  @Test
  void reindexesBesideARunningSenOnItsEmbeddedServer() throws Exception {
    Path dir = dataDir();
    String before = System.getProperty("sen.data-dir");
    System.setProperty("sen.data-dir", dir.toString());
    // this process holds the data directory's lock, as a running Sen does
    try (EmbeddedPostgres running = EmbeddedPostgres.start(dir)) {
      try (Connection c = running.connect("postgres"); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + EmbeddedPostgres.DATABASE + " WITH (FORCE)");
        s.execute("CREATE DATABASE " + EmbeddedPostgres.DATABASE);
      }

      Run run = sen(false, "store", "reindex", "--facts-only");

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("Done: 0 resources");
      try (Connection c = running.connect(EmbeddedPostgres.DATABASE); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from resource")) {
        assertThat(rs.next()).isTrue();
      }
    } finally {
      if (before == null) {
        System.clearProperty("sen.data-dir");
      } else {
        System.setProperty("sen.data-dir", before);
      }
    }
  }

  private static Path dataDir() {
    Path local = Path.of("target", "sen-store-attach-test").toAbsolutePath();
    return EmbeddedPostgres.canRunFrom(local)
        ? local
        : Path.of(System.getProperty("java.io.tmpdir"), "sen-store-attach-test-" + Integer.toHexString(local.hashCode()));
  }

  private record Run(int exit, String out, String err) {}

  /** {@code ./sen …} on the test database, as SEN_DATABASE_URL would configure it. */
  private static Run sen(String... args) {
    return sen(true, args);
  }

  /** @param external on the test database (SEN_DATABASE_URL), else on the embedded one in sen.data-dir */
  private static Run sen(boolean external, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (external) {
      System.setProperty("sen.database.url", db.jdbcUrl());
      System.setProperty("sen.database.user", db.user());
      System.setProperty("sen.database.password", db.password());
    }
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = SenCli.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      System.clearProperty("sen.database.url");
      System.clearProperty("sen.database.user");
      System.clearProperty("sen.database.password");
    }
  }

  private static void exec(String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Access facts, compartments and token rows of current versions, as sorted text. */
  private static List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            select 'rel ' || r.rtype || ' ' || f.pat || ' ' || f.party || ' ' || coalesce(f.expires::text, '-')
              from access_relation f join resource r on r.rid = f.src
            union all select 'pat ' || rtype || ' ' || coalesce(pat, '-') from resource
            union all select 'token ' || r.rtype || ' ' || t.param || ' ' || t.h_code || ' ' || t.h_sys
              from idx_token t join resource r on r.rid = t.rid and r.ver = t.ver
            order by 1""")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
