package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short timed run, not a test: how fast {@link StoreReindex} walks a store of a few thousand resources (the
 * records of {@link AccessFilterCost}: per patient a Patient, an open Encounter, five Observations), for
 * everything, facts only and search rows only. Runs only with {@code -Dsen.measure=true}; writes its figures to
 * {@code target/store-reindex-cost.txt}.
 *
 * <pre>./mvnw -o -q -pl sen-store-pg -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=StoreReindexCost
 *     -Dsen.measure=true -Dsen.measure.patients=1000 verify</pre>
 */
@EnabledIfSystemProperty(named = "sen.measure", matches = "true")
class StoreReindexCost {
  private static final Logger log = LoggerFactory.getLogger(StoreReindexCost.class);

  @Test
  void reindexRate() throws Exception {
    try (TestDatabase db = TestDatabase.create(StoreReindexCost.class)) {
      PostgresFhirRepository repo = AccessFixture.repository(db, Clock.systemUTC(), List.of());
      long t0 = System.nanoTime();
      AccessFilterCost.load(repo);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("vacuum analyze");
      }
      StoreReindex reindex = new StoreReindex(db.dataSource(), repo);
      StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
          "store reindex, %d resources (written in %.1f s through the store), batches of %d (shared 2-core machine)%n"
              + "%-28s %10s %12s %10s %10s %12s%n", AccessFilterCost.PATIENTS * 7 + 20, loadSeconds,
          StoreReindex.DEFAULT_BATCH, "run", "resources", "index rows", "facts", "seconds", "resources/s"));
      for (String run : List.of("all", "all (again)", "facts only", "search only")) {
        StoreReindex.Options options = new StoreReindex.Options(Set.of(), !run.equals("facts only"),
            !run.equals("search only"), 1, StoreReindex.DEFAULT_BATCH);
        StoreReindex.Progress p = reindex.run(options, progress -> {});
        assertThat(p.resources()).isEqualTo(AccessFilterCost.PATIENTS * 7L + 20);
        double seconds = p.elapsed().toNanos() / 1e9;
        report.append(String.format(Locale.ROOT, "%-28s %10d %12d %10d %10.2f %12.0f%n", run, p.resources(),
            p.indexRows(), p.factRows(), seconds, p.resources() / seconds));
      }
      log.info("\n{}", report);
      Files.writeString(Path.of("target", "store-reindex-cost.txt"), report);
    }
  }
}
