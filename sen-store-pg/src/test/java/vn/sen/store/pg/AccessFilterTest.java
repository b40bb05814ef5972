package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.store.pg.AccessFixture.LABELS;
import static vn.sen.store.pg.AccessFixture.LOINC;
import static vn.sen.store.pg.AccessFixture.REGISTRY;
import static vn.sen.store.pg.AccessFixture.clinician;
import static vn.sen.store.pg.AccessFixture.encounter;
import static vn.sen.store.pg.AccessFixture.localOnly;
import static vn.sen.store.pg.AccessFixture.observation;
import static vn.sen.store.pg.AccessFixture.organization;
import static vn.sen.store.pg.AccessFixture.patient;
import static vn.sen.store.pg.AccessFixture.patientUser;
import static vn.sen.store.pg.AccessFixture.referral;
import static vn.sen.store.pg.AccessFixture.restrictLabel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.access.CheckedRead;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.IncludeSpec;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.SortSpec;
import vn.sen.fhir.core.search.TotalMode;

/**
 * The access filter applied inside the store's statements: searches (both compiled paths), counts, paging,
 * includes, chains, {@code _has}, compartments, history and {@link vn.sen.fhir.core.FhirRepository#check}.
 *
 * <p>Data: Organizations oa, ob, oc (no compartment). p1 is in care at oa (an open Encounter) and restricted
 * her HIV-labelled results to role {@code hiv}; p2 was only seen at oc (finished Encounter); p3 had a referral
 * to dr1 that has expired, p4 one that runs another day; p5 is in care at oa and ob but keeps her record local
 * to ob. Caller A works at oa as dr1.
 */
class AccessFilterTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private static final String CODE = "2345-7";
  private static final AccessFilter A = clinician("Organization/oa", "Practitioner/dr1", "doctor");
  private static final AccessFilter A_HIV = clinician("Organization/oa", "Practitioner/dr1", "doctor", "hiv");
  private static final AccessFilter B = clinician("Organization/ob", "Practitioner/dr2", "doctor");
  private static final AccessFixture.MovableClock clock = new AccessFixture.MovableClock(T0);
  private static TestDatabase db;
  private static PostgresFhirRepository repo;

  @BeforeAll
  static void data() {
    db = TestDatabase.create(AccessFilterTest.class);
    repo = AccessFixture.repository(db, clock, List.of());
    put("Organization", "oa", organization("Alpha"));
    put("Organization", "ob", organization("Beta"));
    put("Organization", "oc", organization("Gamma"));
    put("Patient", "p1", patient("One", null));
    put("Encounter", "e1", encounter("p1", "Organization/oa", Encounter.EncounterStatus.INPROGRESS));
    put("Observation", "o1a", observation("p1", CODE, null));
    put("Observation", "o1h", observation("p1", CODE, "HIV"));
    put("Consent", "c1", restrictLabel("p1", "HIV", "hiv"));
    put("Patient", "p2", patient("Two", null));
    put("Encounter", "e2", encounter("p2", "Organization/oc", Encounter.EncounterStatus.FINISHED));
    put("Observation", "o2", observation("p2", CODE, null));
    put("Patient", "p3", patient("Three", null));
    put("ServiceRequest", "t3", referral("p3", "Practitioner/dr1", T0.minus(Duration.ofDays(1))));
    put("Observation", "o3", observation("p3", CODE, null));
    put("Patient", "p4", patient("Four", null));
    put("ServiceRequest", "t4", referral("p4", "Practitioner/dr1", T0.plus(Duration.ofDays(1))));
    put("Observation", "o4", observation("p4", CODE, null));
    put("Patient", "p5", patient("Five", null));
    put("Encounter", "e5a", encounter("p5", "Organization/oa", Encounter.EncounterStatus.INPROGRESS));
    put("Encounter", "e5b", encounter("p5", "Organization/ob", Encounter.EncounterStatus.INPROGRESS));
    put("Consent", "c5", localOnly("p5", "Organization/ob"));
    put("Observation", "o5", observation("p5", CODE, null));
    Observation panel = observation("p1", "24331-1", null);
    panel.addHasMember(new Reference("Observation/o2"));
    put("Observation", "o1x", panel);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static void put(String type, String id, Resource resource) {
    repo.inTransaction(tx -> tx.update(type, id, resource, null));
  }

  private static Criterion.Param param(String type, String code, SearchArg... args) {
    return new Criterion.Param(REGISTRY.find(type, code).orElseThrow(), Modifier.NONE, List.of(args));
  }

  private static SearchQuery query(String type, AccessFilter access, Criterion... criteria) {
    return SearchQuery.of(type, List.of(criteria)).withAccess(access);
  }

  private static SearchQuery byCode(AccessFilter access) {
    return query("Observation", access, param("Observation", "code", SearchArg.Token.of(LOINC, CODE)));
  }

  private static SearchQuery with(SearchQuery q, List<SortSpec> sort, TotalMode total, List<IncludeSpec> includes,
      List<IncludeSpec> revIncludes, boolean summaryCount, @Nullable ResourceKey compartment) {
    return new SearchQuery(q.resourceType(), q.types(), q.criteria(), compartment, sort, q.count(), q.offset(),
        total, includes, revIncludes, summaryCount, q.access());
  }

  private static List<String> matches(SearchResult result) {
    return result.entries().stream().filter(m -> !m.include()).map(m -> m.resource().id()).toList();
  }

  private static List<String> included(SearchResult result) {
    return result.entries().stream().filter(SearchMatch::include).map(m -> m.resource().id()).toList();
  }

  private static IncludeSpec include(String source, String param, boolean iterate) {
    return new IncludeSpec(source, REGISTRY.find(source, param).orElseThrow(), null, iterate);
  }

  @Test
  void searchByCodeReturnsOnlyRecordsOfPatientsInTheCallersCare() {
    assertThat(matches(repo.search(byCode(A)))).containsExactlyInAnyOrder("o1a", "o4");
    assertThat(matches(repo.search(byCode(AccessFilter.UNRESTRICTED))))
        .containsExactlyInAnyOrder("o1a", "o1h", "o2", "o3", "o4", "o5");
  }

  @Test
  void sortedSearchReturnsOnlyVisibleMatchesInOrder() {
    SortSpec byFamily = new SortSpec(REGISTRY.find("Patient", "family").orElseThrow(), false);
    SearchQuery patients = with(query("Patient", A), List.of(byFamily), TotalMode.ACCURATE, List.of(), List.of(),
        false, null);

    SearchResult result = repo.search(patients);

    assertThat(matches(result)).containsExactly("p4", "p1");
    assertThat(result.total()).isEqualTo(2);
  }

  @Test
  void countsTotalsAndPagesCountOnlyVisibleMatches() {
    SortSpec byId = new SortSpec(REGISTRY.find("Observation", "_id").orElseThrow(), false);
    SearchQuery sorted = with(byCode(A), List.of(byId), TotalMode.ACCURATE, List.of(), List.of(), false, null);

    SearchResult all = repo.search(sorted);
    SearchResult first = repo.search(sorted.withPage(1, 0));
    SearchResult second = repo.search(sorted.withPage(1, 1));
    SearchResult count = repo.search(with(byCode(A), List.of(), TotalMode.NONE, List.of(), List.of(), true, null));

    assertThat(matches(all)).containsExactly("o1a", "o4");
    assertThat(all.total()).isEqualTo(2);
    assertThat(matches(first)).containsExactly("o1a");
    assertThat(first.hasNext()).isTrue();
    assertThat(matches(second)).containsExactly("o4");
    assertThat(second.hasNext()).isFalse();
    assertThat(count.total()).isEqualTo(2);
    assertThat(count.entries()).isEmpty();
  }

  @Test
  void expiredCareRelationNoLongerOpensTheRecord() {
    assertThat(repo.check("Observation", "o3", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o4", A)).isEqualTo(AccessCheck.VISIBLE);
    try {
      clock.set(T0.plus(Duration.ofDays(2)));
      assertThat(repo.check("Observation", "o4", A)).isEqualTo(AccessCheck.HIDDEN);
      assertThat(matches(repo.search(byCode(A)))).containsExactly("o1a");
    } finally {
      clock.set(T0);
    }
  }

  @Test
  void patientSeesOwnRecordIncludingRestrictedLabelsAndNoOneElses() {
    assertThat(matches(repo.search(byCode(patientUser("p1"))))).containsExactlyInAnyOrder("o1a", "o1h");
    assertThat(repo.check("Patient", "p2", patientUser("p1"))).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Patient", "p1", patientUser("p1"))).isEqualTo(AccessCheck.VISIBLE);
  }

  @Test
  void localOnlyRecordIsVisibleOnlyAtItsOrganisations() {
    AccessFilter bothAtA = new AccessFilter(false, true, null, null,
        Set.of("Organization/oa", "Organization/ob"), "Organization/oa", Set.of("doctor"));

    assertThat(repo.check("Observation", "o5", B)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(repo.check("Observation", "o5", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o5", bothAtA)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o5", patientUser("p5"))).isEqualTo(AccessCheck.VISIBLE);
    assertThat(matches(repo.search(byCode(B)))).containsExactly("o5");
  }

  @Test
  void aCheckedReadAgreesWithTheCheckAndHandsOutOnlyWhatItMayShow() {
    List<AccessFilter> callers = List.of(A, B, A_HIV, patientUser("p1"), patientUser("p5"), AccessFilter.UNRESTRICTED);
    for (AccessFilter caller : callers) {
      for (String id : List.of("o1a", "o1h", "o3", "o4", "o5", "missing")) {
        CheckedRead read = repo.read("Observation", id, caller);
        assertThat(read.check()).as("%s by %s", id, caller).isEqualTo(repo.check("Observation", id, caller));
        if (read.check() == AccessCheck.VISIBLE) {
          assertThat(read.resource()).map(StoredResource::id).contains(id);
          assertThat(read.resource().orElseThrow().json()).isEqualTo(repo.read("Observation", id).orElseThrow().json());
        } else {
          assertThat(read.resource()).isEmpty();
        }
      }
    }
  }

  @Test
  void restrictedLabelIsVisibleOnlyToTheNamedRoles() {
    assertThat(repo.check("Observation", "o1h", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o1h", A_HIV)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(matches(repo.search(byCode(A_HIV)))).containsExactlyInAnyOrder("o1a", "o1h", "o4");
  }

  @Test
  void resourcesOutsideCompartmentsFollowOutsideCompartments() {
    AccessFilter inside = new AccessFilter(false, false, null, null, A.parties(), A.organization(), A.roles());

    assertThat(matches(repo.search(query("Organization", A)))).containsExactlyInAnyOrder("oa", "ob", "oc");
    assertThat(matches(repo.search(query("Organization", inside)))).isEmpty();
    assertThat(repo.check("Organization", "oa", inside)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Patient", "p1", inside)).isEqualTo(AccessCheck.VISIBLE);
  }

  @Test
  void compartmentTypesNarrowWhatIsVisibleInsideARecord() {
    AccessFilter demographics = new AccessFilter(false, true, Set.of("Patient", "Encounter"), null, A.parties(),
        A.organization(), A.roles());

    assertThat(matches(repo.search(byCode(demographics)))).isEmpty();
    assertThat(matches(repo.search(query("Patient", demographics)))).containsExactlyInAnyOrder("p1", "p4");
    assertThat(repo.check("Encounter", "e1", demographics)).isEqualTo(AccessCheck.VISIBLE);
  }

  @Test
  void aFilterForOnePatientShowsOnlyThatRecordOfWhatTheCallerMaySee() {
    AccessFilter forP1 = A.onlyFor("p1");

    assertThat(matches(repo.search(query("Patient", A)))).contains("p1", "p4");
    assertThat(matches(repo.search(query("Patient", forP1)))).containsExactly("p1");
    assertThat(matches(repo.search(byCode(forP1)))).containsExactly("o1a");
    assertThat(repo.check("Patient", "p1", forP1)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(repo.check("Patient", "p4", forP1)).isEqualTo(AccessCheck.HIDDEN);
    // narrowing never widens: a record the caller may not see stays hidden
    assertThat(repo.check("Patient", "p2", A.onlyFor("p2"))).isEqualTo(AccessCheck.HIDDEN);
    // resources in no compartment are as before
    assertThat(matches(repo.search(query("Organization", forP1)))).containsExactlyInAnyOrder("oa", "ob", "oc");
  }

  @Test
  void checkTellsAbsentVisibleAndHidden() {
    assertThat(repo.check("Observation", "nope", A)).isEqualTo(AccessCheck.ABSENT);
    assertThat(repo.check("Observation", "o1a", A)).isEqualTo(AccessCheck.VISIBLE);
    assertThat(repo.check("Observation", "o2", A)).isEqualTo(AccessCheck.HIDDEN);
    assertThat(repo.check("Observation", "o2", AccessFilter.UNRESTRICTED)).isEqualTo(AccessCheck.VISIBLE);
  }

  @Test
  void includesAndRevincludesLeaveOutHiddenResources() {
    SearchQuery alpha = query("Organization", A, param("Organization", "_id", SearchArg.Token.of(null, "oa")));
    List<IncludeSpec> encounters = List.of(include("Encounter", "service-provider", false));
    SearchQuery withEncounters = with(alpha, List.of(), TotalMode.NONE, List.of(), encounters, false, null);
    SearchQuery encounter = with(query("Encounter", A, param("Encounter", "_id", SearchArg.Token.of(null, "e1"))),
        List.of(), TotalMode.NONE, List.of(include("Encounter", "subject", false)),
        List.of(include("Observation", "subject", true)), false, null);

    assertThat(included(repo.search(withEncounters))).containsExactly("e1");
    assertThat(included(repo.search(withEncounters.withAccess(AccessFilter.UNRESTRICTED))))
        .containsExactlyInAnyOrder("e1", "e5a");
    SearchQuery panel = with(query("Observation", A, param("Observation", "_id", SearchArg.Token.of(null, "o1x"))),
        List.of(), TotalMode.NONE, List.of(include("Observation", "has-member", false)), List.of(), false, null);

    assertThat(included(repo.search(encounter))).containsExactlyInAnyOrder("p1", "o1a", "o1x");
    assertThat(included(repo.search(encounter.withAccess(A_HIV))))
        .containsExactlyInAnyOrder("p1", "o1a", "o1h", "o1x");
    assertThat(matches(repo.search(panel))).containsExactly("o1x");
    assertThat(included(repo.search(panel))).isEmpty();
    assertThat(included(repo.search(panel.withAccess(AccessFilter.UNRESTRICTED)))).containsExactly("o2");
  }

  @Test
  void hasAndChainsDoNotMatchThroughHiddenResources() {
    Criterion.Has labelled = new Criterion.Has("Observation", REGISTRY.find("Observation", "subject").orElseThrow(),
        param("Observation", "_security", SearchArg.Token.of(LABELS, "HIV")));
    Criterion.Has seenThere = new Criterion.Has("Encounter",
        REGISTRY.find("Encounter", "service-provider").orElseThrow(),
        param("Encounter", "status", SearchArg.Token.of(null, "finished")));
    Criterion.Chain atAlpha = new Criterion.Chain(REGISTRY.find("Encounter", "service-provider").orElseThrow(),
        "Organization", param("Organization", "name", new SearchArg.Text("alpha")));
    AccessFilter inside = new AccessFilter(false, false, null, null, A.parties(), A.organization(), A.roles());

    assertThat(matches(repo.search(query("Patient", A, labelled)))).isEmpty();
    assertThat(matches(repo.search(query("Patient", A_HIV, labelled)))).containsExactly("p1");
    assertThat(matches(repo.search(query("Organization", A, seenThere)))).isEmpty();
    assertThat(matches(repo.search(query("Organization", AccessFilter.UNRESTRICTED, seenThere))))
        .containsExactly("oc");
    assertThat(matches(repo.search(query("Encounter", A, atAlpha)))).containsExactly("e1");
    assertThat(matches(repo.search(query("Encounter", inside, atAlpha)))).isEmpty();
  }

  @Test
  void compartmentSearchAndEverythingShowOnlyWhatTheCallerMaySee() {
    SearchQuery everything = new SearchQuery(null, Set.of(), List.of(), new ResourceKey("Patient", "p1"), List.of(),
        100, 0, TotalMode.ACCURATE, List.of(), List.of(), false, A);
    SearchQuery hidden = new SearchQuery(null, Set.of(), List.of(), new ResourceKey("Patient", "p2"), List.of(),
        100, 0, TotalMode.ACCURATE, List.of(), List.of(), false, A);

    SearchResult result = repo.search(everything);

    assertThat(matches(result)).containsExactlyInAnyOrder("p1", "e1", "o1a", "o1x", "c1");
    assertThat(result.total()).isEqualTo(5);
    assertThat(repo.search(hidden).entries()).isEmpty();
    assertThat(repo.search(hidden).total()).isZero();
  }

  @Test
  void historyShowsOnlyVersionsOfVisibleResources() {
    List<String> types = repo.history(new HistoryQuery(null, null, null, null, 100, 0, A)).versions().stream()
        .map(v -> v.type() + "/" + v.id()).toList();

    assertThat(types).contains("Observation/o1a", "Patient/p1", "Organization/oa", "Observation/o4")
        .doesNotContain("Observation/o1h", "Observation/o2", "Patient/p2", "Observation/o5", "ServiceRequest/t3");
    assertThat(repo.history(new HistoryQuery("Observation", null, null, null, 100, 0, A)).versions())
        .extracting(StoredResource::id).containsExactlyInAnyOrder("o1a", "o1x", "o4");
    assertThat(repo.history(new HistoryQuery("Observation", null, T0.minusSeconds(1), T0.plusSeconds(1), 100, 0, A))
        .versions()).extracting(StoredResource::id).containsExactlyInAnyOrder("o1a", "o1x", "o4");
    assertThat(repo.history(new HistoryQuery("Observation", "o2", null, null, 100, 0, A)).versions()).isEmpty();
    assertThat(repo.history(new HistoryQuery("Observation", "o2", null, null, 100, 0, B)).total()).isZero();
  }

  @Test
  void readsAndSearchResultsReportThePatient() {
    assertThat(repo.read("Observation", "o1a").orElseThrow().patient()).isEqualTo("p1");
    assertThat(repo.read("Patient", "p1").orElseThrow().patient()).isEqualTo("p1");
    assertThat(repo.read("Organization", "oa").orElseThrow().patient()).isNull();
    assertThat(repo.search(byCode(A)).entries()).extracting(m -> m.resource().patient())
        .containsExactlyInAnyOrder("p1", "p4");
  }
}
