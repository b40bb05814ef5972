package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.store.pg.AccessFixture.LOINC;
import static vn.sen.store.pg.AccessFixture.REGISTRY;
import static vn.sen.store.pg.AccessFixture.clinician;
import static vn.sen.store.pg.AccessFixture.encounter;
import static vn.sen.store.pg.AccessFixture.observation;
import static vn.sen.store.pg.AccessFixture.patient;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.store.pg.CommitHook.Change;
import vn.sen.store.pg.CommitHook.Kind;

/**
 * Writes held to an access filter, access facts following their source resource's versions, and commit
 * hooks. Caller A works at oa; pa is in care at oa, pb is not.
 */
class AccessWriteTest {
  private static final AccessFilter A = clinician("Organization/oa", "Practitioner/dr1", "doctor");
  private static final List<List<Change>> committed = new ArrayList<>();
  private static final AtomicBoolean failHook = new AtomicBoolean();
  private static TestDatabase db;
  private static PostgresFhirRepository repo;

  @BeforeAll
  static void data() {
    db = TestDatabase.create(AccessWriteTest.class);
    CommitHook recorder = (connection, changes) -> {
      // the hook runs in the unit of work's transaction: it sees the rows about to be committed
      for (Change c : changes) {
        try (PreparedStatement ps = connection.prepareStatement(
            "select count(*) from resource where rtype = ? and id = ? and ver >= ?")) {
          ps.setString(1, c.type());
          ps.setString(2, c.id());
          ps.setInt(3, (int) c.version());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
          }
        }
      }
      committed.add(changes);
    };
    CommitHook failing = (connection, changes) -> {
      if (failHook.get()) {
        throw new IllegalStateException("audit store unavailable");
      }
    };
    repo = AccessFixture.repository(db, new AccessFixture.MovableClock(Instant.parse("2026-03-01T08:00:00Z")),
        List.of(recorder, failing));
    put("Patient", "pa", patient("Alpha", "Organization/oa"));
    put("Patient", "pb", patient("Beta", null));
    put("Observation", "ob1", observation("pb", "1-8", null));
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void reset() {
    committed.clear();
    failHook.set(false);
  }

  private static void put(String type, String id, Resource resource) {
    repo.inTransaction(tx -> tx.update(type, id, resource, null));
  }

  private static long count(String type, String patient) {
    return repo.search(new SearchQuery(type, java.util.Set.of(), List.of(), new ResourceKey("Patient", patient),
        List.of(), 10, 0, vn.sen.fhir.core.search.TotalMode.ACCURATE, List.of(), List.of(), true)).total();
  }

  private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable write) {
    assertThatThrownBy(write).isInstanceOfSatisfying(FhirException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void writeIntoAHiddenRecordFailsAndLeavesNothingWritten() {
    long before = count("Observation", "pa");
    long hidden = count("Observation", "pb");

    assertForbidden(() -> repo.inTransaction(A, tx -> {
      tx.create(observation("pa", "1-1", null), null);
      return tx.create(observation("pb", "1-1", null), null);
    }));

    assertThat(count("Observation", "pa")).isEqualTo(before);
    assertThat(count("Observation", "pb")).isEqualTo(hidden);
    assertThat(committed).isEmpty();
  }

  @Test
  void updateOrDeleteOfAHiddenResourceAndMovingOneIntoAHiddenRecordAreForbidden() {
    var mine = repo.inTransaction(A, tx -> tx.create(observation("pa", "1-2", null), null)).resource();

    assertForbidden(() -> repo.inTransaction(A, tx -> tx.update("Observation", "ob1", observation("pb", "1-3", null),
        null)));
    assertForbidden(() -> repo.inTransaction(A, tx -> tx.delete("Observation", "ob1", null)));
    assertForbidden(() -> repo.inTransaction(A, tx -> tx.update("Observation", mine.id(),
        observation("pb", "1-2", null), null)));

    assertThat(repo.read("Observation", mine.id()).orElseThrow().patient()).isEqualTo("pa");
    assertThat(repo.read("Observation", "ob1").orElseThrow().versionId()).isEqualTo(1);
  }

  @Test
  void aWriteCannotOpenARecordToTheCallerWhoMakesIt() {
    assertForbidden(() -> repo.inTransaction(A, tx -> tx.create(
        encounter("pb", "Organization/oa", Encounter.EncounterStatus.INPROGRESS), null)));

    assertThat(repo.check("Patient", "pb", A)).isEqualTo(AccessCheck.HIDDEN);
  }

  @Test
  void createOpeningWritesIntoAHiddenRecordOnlyForThePatientItNames() {
    put("Patient", "pd", patient("Delta", null));
    committed.clear();
    assertThat(repo.check("Patient", "pd", A)).isEqualTo(AccessCheck.HIDDEN);
    // the policy named another patient than the one the resource belongs to
    assertForbidden(() -> repo.inTransaction(A, tx -> tx.createOpening(
        encounter("pd", "Organization/oa", Encounter.EncounterStatus.INPROGRESS), "pb", null)));
    assertThat(repo.check("Patient", "pd", A)).isEqualTo(AccessCheck.HIDDEN);

    repo.inTransaction(A, tx -> tx.createOpening(
        encounter("pd", "Organization/oa", Encounter.EncounterStatus.INPROGRESS), "pd", null));

    assertThat(repo.check("Patient", "pd", A)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(committed).singleElement().satisfies(changes ->
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.type()).isEqualTo("Encounter")));
  }

  @Test
  void registeringAPatientAndTheFirstRecordsInOneTransactionIsAllowed() {
    String id = repo.inTransaction(A, tx -> {
      var p = tx.create(patient("New", "Organization/oa"), null).resource();
      tx.create(observation(p.id(), "1-4", null), null);
      return p.id();
    });

    assertThat(repo.check("Patient", id, A)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(count("Observation", id)).isEqualTo(1);
  }

  @Test
  void conditionalMatchesInsideAUnitOfWorkSeeOnlyVisibleResources() {
    repo.inTransaction(tx -> tx.create(observation("pa", "1-5", null), null));
    repo.inTransaction(tx -> tx.create(observation("pb", "1-5", null), null));
    SearchQuery code = SearchQuery.of("Observation", List.of(new Criterion.Param(
        REGISTRY.find("Observation", "code").orElseThrow(), Modifier.NONE, List.of(SearchArg.Token.of(LOINC, "1-5")))));

    List<ResourceKey> heldByUnit = repo.inTransaction(A, tx -> tx.match(code, 10));
    List<ResourceKey> heldByQuery = repo.inTransaction(tx -> tx.match(code.withAccess(A), 10));
    List<ResourceKey> unrestricted = repo.inTransaction(tx -> tx.match(code, 10));

    assertThat(heldByUnit).hasSize(1);
    assertThat(heldByQuery).isEqualTo(heldByUnit);
    assertThat(unrestricted).hasSize(2).containsAll(heldByUnit);
    assertThat(repo.inTransaction(A, tx -> tx.search(code)).entries()).hasSize(1);
  }

  @Test
  void accessFactsFollowTheCurrentVersionOfTheirSource() {
    put("Patient", "pc", patient("Gamma", null));
    put("Observation", "oc1", observation("pc", "1-6", null));
    assertThat(repo.check("Observation", "oc1", A)).isEqualTo(AccessCheck.HIDDEN);

    put("Encounter", "ec", encounter("pc", "Organization/oa", Encounter.EncounterStatus.INPROGRESS));
    assertThat(repo.check("Observation", "oc1", A)).isEqualTo(AccessCheck.VISIBLE);

    put("Encounter", "ec", encounter("pc", "Organization/oa", Encounter.EncounterStatus.FINISHED));
    assertThat(repo.check("Observation", "oc1", A)).isEqualTo(AccessCheck.HIDDEN);

    put("Encounter", "ec", encounter("pc", "Organization/oa", Encounter.EncounterStatus.INPROGRESS));
    repo.inTransaction(tx -> tx.delete("Observation", "oc1", null));
    assertThat(repo.check("Observation", "oc1", A)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(repo.history(new HistoryQuery("Observation", "oc1", null, null, 10, 0, A)).versions()).hasSize(2);

    repo.inTransaction(tx -> tx.delete("Encounter", "ec", null));
    assertThat(repo.check("Observation", "oc1", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.history(new HistoryQuery("Observation", "oc1", null, null, 10, 0, A)).versions()).isEmpty();
    assertThat(repo.read("Observation", "oc1").orElseThrow().patient()).isEqualTo("pc");
  }

  @Test
  void aDeletedLabelledResourceStaysHiddenFromCallersWithoutTheRole() {
    put("Consent", "ca", AccessFixture.restrictLabel("pa", "HIV", "hiv"));
    put("Observation", "oh", observation("pa", "1-11", "HIV"));
    repo.inTransaction(tx -> tx.delete("Observation", "oh", null));
    StoreMaintenance.compact(db.dataSource());

    assertThat(repo.check("Observation", "oh", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "oh", clinician("Organization/oa", "Practitioner/dr1", "hiv")))
        .isEqualTo(AccessCheck.VISIBLE);
    assertThat(repo.history(new HistoryQuery("Observation", "oh", null, null, 10, 0, A)).versions()).isEmpty();
  }

  @Test
  void commitHooksReceiveEveryChangeOfTheUnitOfWork() {
    var p = repo.inTransaction(A, tx -> {
      var created = tx.create(patient("Delta", "Organization/oa"), null).resource();
      tx.update("Patient", created.id(), patient("Delta Two", "Organization/oa"), null);
      var obs = tx.create(observation(created.id(), "1-7", null), null).resource();
      tx.delete("Observation", obs.id(), null);
      return created;
    });

    assertThat(committed).hasSize(1);
    assertThat(committed.get(0)).extracting(Change::kind, Change::type, Change::version, Change::patient)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "Patient", 1L, p.id()),
            org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "Patient", 2L, p.id()),
            org.assertj.core.groups.Tuple.tuple(Kind.CREATE, "Observation", 1L, p.id()),
            org.assertj.core.groups.Tuple.tuple(Kind.DELETE, "Observation", 2L, p.id()));
    assertThat(committed.get(0).get(0).id()).isEqualTo(p.id());
  }

  @Test
  void aFailingCommitHookRollsBackTheWholeUnitOfWork() {
    failHook.set(true);

    assertThatThrownBy(() -> repo.inTransaction(tx -> {
      tx.update("Patient", "pe", patient("Epsilon", null), null);
      return tx.create(observation("pe", "1-9", null), null);
    })).isInstanceOf(IllegalStateException.class).hasMessage("audit store unavailable");

    assertThat(repo.read("Patient", "pe")).isEmpty();
    assertThat(count("Observation", "pe")).isZero();
  }

  @Test
  void versionReadsReportThePatientOfThatVersion() {
    put("Patient", "pf", patient("Zeta", null));
    put("Patient", "pg", patient("Eta", null));
    put("Observation", "of1", observation("pf", "1-10", null));
    put("Observation", "of1", observation("pg", "1-10", null));

    assertThat(repo.vread("Observation", "of1", 1).orElseThrow().patient()).isEqualTo("pf");
    assertThat(repo.vread("Observation", "of1", 2).orElseThrow().patient()).isEqualTo("pg");
  }
}
