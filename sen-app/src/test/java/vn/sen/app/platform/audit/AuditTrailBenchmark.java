package vn.sen.app.platform.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * A short measurement, not a test (docs/benchmarks.md, "Audit trail"): the cost of audit entries on
 * concurrent small writes and the latency of grouped records, on an embedded PostgreSQL with production
 * durability (fsync and synchronous_commit on). Run with
 * {@code -Dtest=AuditTrailBenchmark -Dsen.audit.bench=true}.
 */
@EnabledIfSystemProperty(named = "sen.audit.bench", matches = "true")
class AuditTrailBenchmark {
  static final int THREADS = 16;
  static final int PER_THREAD = 150;

  @Test
  void measure() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder(Path.of("target", "audit-bench-pg").toAbsolutePath()).start();
    try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS audit_bench");
      s.execute("CREATE DATABASE audit_bench");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl("audit_bench"));
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(THREADS + 2);
    try (HikariDataSource ds = new HikariDataSource(config);
        AuditTrail trail = new AuditTrail(ds, Duration.ofSeconds(30))) {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS bench_write (id bigserial PRIMARY KEY, body text)");
      }
      for (int round = 0; round < 2; round++) {
        String label = round == 0 ? "(warm-up) " : "";
        report(label + "write, no audit", run(() -> write(ds, null)));
        report(label + "write + its entry in the tx", run(() -> write(ds, trail)));
        trail.flush();
        report(label + "record() (grouped inserts)", run(() -> trail.record(AuditFixtures.read(1))));
        report(label + "record, one transaction each (no grouping)", run(() -> appendAlone(ds)));
      }
      trail.flush();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT count(*), pg_total_relation_size('audit_entry'),"
              + " pg_relation_size('audit_entry') FROM audit_entry")) {
        rs.next();
        System.out.printf("AUDIT-BENCH %d entries: %d bytes each with indexes, %d in the table alone%n",
            rs.getLong(1), rs.getLong(2) / rs.getLong(1), rs.getLong(3) / rs.getLong(1));
      }
      long t0 = System.nanoTime();
      Object result = new AuditVerifier(ds).verify(null);
      System.out.printf("AUDIT-BENCH verify: %s in %.0f ms%n", result.getClass().getSimpleName(),
          (System.nanoTime() - t0) / 1e6);
    } finally {
      pg.stop();
    }
  }

  interface Work {
    void run() throws Exception;
  }

  private static List<Long> run(Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<List<Long>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        List<Long> times = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
          long t0 = System.nanoTime();
          work.run();
          times.add(System.nanoTime() - t0);
        }
        return times;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    Collections.sort(all);
    all.add(0, elapsed);
    return all;
  }

  private static void report(String what, List<Long> result) {
    long elapsed = result.remove(0);
    double perSecond = result.size() / (elapsed / 1e9);
    System.out.printf("AUDIT-BENCH %-48s %6.0f/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n", what, perSecond,
        ms(result, 0.50), ms(result, 0.95), ms(result, 0.99));
  }

  private static double ms(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1e6;
  }

  private static void write(HikariDataSource ds, @Nullable AuditTrail trail) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_write (body) VALUES (?)")) {
        ps.setString(1, "{\"resourceType\":\"Observation\"}");
        ps.executeUpdate();
      }
      if (trail != null) {
        trail.append(c, List.of(AuditFixtures.read(2)));
      }
      c.commit();
    }
  }

  private static void appendAlone(HikariDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      AuditChain.stage(c, List.of(AuditFixtures.read(3)));
      c.commit();
    }
  }
}
