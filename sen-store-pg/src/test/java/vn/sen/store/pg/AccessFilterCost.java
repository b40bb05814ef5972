package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.store.pg.AccessFixture.LOINC;
import static vn.sen.store.pg.AccessFixture.REGISTRY;
import static vn.sen.store.pg.AccessFixture.clinician;
import static vn.sen.store.pg.AccessFixture.encounter;
import static vn.sen.store.pg.AccessFixture.observation;
import static vn.sen.store.pg.AccessFixture.patient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SortSpec;
import vn.sen.fhir.core.search.TotalMode;

/**
 * A short timed comparison, not a test: the same searches run unrestricted and held to a clinician's access
 * filter, on synthetic records of a few thousand patients spread over 20 organisations (each clinician
 * sees about 5% of the patients). Runs only with {@code -Dsen.measure=true}; writes its figures to
 * {@code target/access-filter-cost.txt}.
 *
 * <pre>./mvnw -o -q -pl sen-store-pg -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=AccessFilterCost
 *     -Dsen.measure=true verify</pre>
 */
@EnabledIfSystemProperty(named = "sen.measure", matches = "true")
class AccessFilterCost {
  private static final Logger log = LoggerFactory.getLogger(AccessFilterCost.class);
  static final int PATIENTS = Integer.getInteger("sen.measure.patients", 3000);
  private static final int ORGANIZATIONS = 20;
  private static final int ROUNDS = Integer.getInteger("sen.measure.rounds", 300);
  private static final String[] CODES = {"8480-6", "8462-4", "2345-7", "4548-4", "29463-7"};

  @Test
  void filteredSearchesCostAboutTheSameAsUnfiltered() throws Exception {
    try (TestDatabase db = TestDatabase.create(AccessFilterCost.class)) {
      PostgresFhirRepository repo = AccessFixture.repository(db, Clock.systemUTC(), List.of());
      load(repo);
      try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
        s.execute("vacuum analyze");
      }
      Set<String> half = new java.util.HashSet<>();
      for (int o = 0; o < ORGANIZATIONS; o += 2) {
        half.add("Organization/o" + (o + 1));
      }
      AccessFilter filter = Boolean.getBoolean("sen.measure.wide")
          ? new AccessFilter(false, true, null, null, half, "Organization/o3", Set.of("doctor"))
          : clinician("Organization/o3", "Practitioner/dr3", "doctor");
      String visiblePatient = "p3";
      Map<String, SearchQuery> queries = new LinkedHashMap<>();
      queries.put("Observation?code (first page)", byCode("8480-6"));
      queries.put("Observation?code&_total=accurate", byCode("2345-7").withTotal(TotalMode.ACCURATE));
      queries.put("Observation?subject=Patient/p3", SearchQuery.of("Observation", List.of(param("Observation",
          "subject", new SearchArg.Reference("Patient", visiblePatient, null)))));
      queries.put("Patient?name=fam1 (prefix)", SearchQuery.of("Patient",
          List.of(param("Patient", "name", new SearchArg.Text("fam1")))));
      queries.put("Encounter?_sort=-_lastUpdated", new SearchQuery("Encounter", Set.of(), List.of(), null,
          List.of(new SortSpec(REGISTRY.find("Encounter", "_lastUpdated").orElseThrow(), true)), 20, 0,
          TotalMode.NONE, List.of(), List.of(), false));
      queries.put("Patient/p3/$everything", new SearchQuery(null, Set.of(), List.of(),
          new ResourceKey("Patient", visiblePatient), List.of(), 100, 0, TotalMode.NONE, List.of(), List.of(), false));

      StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
          "access filter cost, %d patients, %d resources, %d rounds per query, caller sees %s%n"
              + "(shared 2-core machine)%n%-36s %10s %10s %10s %10s %8s%n", PATIENTS, PATIENTS * 7 + ORGANIZATIONS,
          ROUNDS, Boolean.getBoolean("sen.measure.wide") ? "half the patients" : "1 in 20 patients",
          "query", "p50 all", "p50 held", "p95 all", "p95 held", "p95 +%"));
      for (Map.Entry<String, SearchQuery> q : queries.entrySet()) {
        SearchQuery open = q.getValue();
        SearchQuery held = open.withAccess(filter);
        assertThat(repo.search(held).entries().size()).isLessThanOrEqualTo(repo.search(open).entries().size());
        long[][] times = measure(() -> repo.search(open), () -> repo.search(held));
        double p95all = percentile(times[0], 0.95);
        double p95held = percentile(times[1], 0.95);
        report.append(String.format(Locale.ROOT, "%-36s %8.2fms %8.2fms %8.2fms %8.2fms %7.0f%%%n", q.getKey(),
            percentile(times[0], 0.5), percentile(times[1], 0.5), p95all, p95held, (p95held / p95all - 1) * 100));
      }
      report.append(plans(repo, db, queries, filter));
      log.info("\n{}", report);
      Files.writeString(Path.of("target", "access-filter-cost.txt"), report);
    }
  }

  /** The plans of the held statements, to see where the filter's time goes. */
  private static String plans(PostgresFhirRepository repo, TestDatabase db, Map<String, SearchQuery> queries,
      AccessFilter filter) throws Exception {
    if (!Boolean.getBoolean("sen.measure.plans")) {
      return "";
    }
    SearchCompiler compiler = new SearchCompiler(REGISTRY, repo.layout(), repo.access());
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, SearchQuery> q : queries.entrySet()) {
      SearchQuery held = q.getValue().withAccess(filter);
      Sql sql = held.total() == TotalMode.ACCURATE ? compiler.count(held) : compiler.page(held);
      out.append("\n-- ").append(q.getKey()).append('\n');
      try (var c = db.dataSource().getConnection();
          var ps = sql.explainAnalyze().prepare(c);
          var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static long[][] measure(Supplier<?> open, Supplier<?> held) {
    for (int i = 0; i < 30; i++) {
      open.get();
      held.get();
    }
    long[] a = new long[ROUNDS];
    long[] b = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long t0 = System.nanoTime();
      open.get();
      long t1 = System.nanoTime();
      held.get();
      long t2 = System.nanoTime();
      a[i] = t1 - t0;
      b[i] = t2 - t1;
    }
    return new long[][] {a, b};
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static SearchQuery byCode(String code) {
    return SearchQuery.of("Observation", List.of(param("Observation", "code", SearchArg.Token.of(LOINC, code))));
  }

  private static Criterion.Param param(String type, String code, SearchArg arg) {
    return new Criterion.Param(REGISTRY.find(type, code).orElseThrow(), Modifier.NONE, List.of(arg));
  }

  /** Per patient: the Patient, an open Encounter at one organisation, five Observations. */
  static void load(PostgresFhirRepository repo) {
    SplittableRandom random = new SplittableRandom(42);
    for (int o = 0; o < ORGANIZATIONS; o++) {
      String id = "o" + o;
      repo.inTransaction(tx -> tx.update("Organization", id, AccessFixture.organization("Org " + id), null));
    }
    int batch = 25;
    for (int start = 0; start < PATIENTS; start += batch) {
      int from = start;
      List<Integer> orgs = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        orgs.add(random.nextInt(ORGANIZATIONS));
      }
      repo.inTransaction(tx -> {
        for (int i = 0; i < batch && from + i < PATIENTS; i++) {
          String p = "p" + (from + i);
          // patient p3 is in care at o3, as the measured caller is
          int org = from + i == 3 ? 3 : orgs.get(i);
          tx.update("Patient", p, patient("fam" + (from + i), null), null);
          tx.create(encounter(p, "Organization/o" + org, Encounter.EncounterStatus.INPROGRESS), null);
          for (String code : CODES) {
            tx.create(observation(p, code, null), null);
          }
        }
        return null;
      });
    }
  }
}
