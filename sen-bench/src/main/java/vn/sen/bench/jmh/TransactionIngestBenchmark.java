package vn.sen.bench.jmh;

import ca.uhn.fhir.context.FhirContext;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.store.pg.PostgresFhirRepository;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * The repository's transaction ingest: 100 Observations (the generated record's, pointed at one
 * patient) created in one database transaction on the embedded PostgreSQL 17, with Sen's default
 * durable settings. Includes copying the 100 resources (the repository writes ids and meta back).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class TransactionIngestBenchmark {
  private static final int RESOURCES = 100;
  private EmbeddedPostgres postgres;
  private HikariDataSource dataSource;
  private PostgresFhirRepository repository;
  private final List<Observation> observations = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    FhirContext fhir = FhirContext.forR4Cached();
    postgres = EmbeddedPostgres.start(Path.of(System.getProperty("java.io.tmpdir"), "sen-jmh-postgres"));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(postgres.user());
    config.setPassword(postgres.password());
    config.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    SearchParameterRegistry registry = new SearchParameterRegistry(fhir);
    repository = new PostgresFhirRepository(dataSource, registry, new FhirPathIndexExtractor(registry),
        Clock.systemUTC(), IdGenerator.secureRandom());
    for (Resource r : SampleResources.resources(fhir)) {
      if (r instanceof Observation o && observations.size() < RESOURCES) {
        o.setSubject(new Reference("Patient/jmh-patient"));
        o.setEncounter(null);
        observations.add(o);
      }
    }
    while (observations.size() < RESOURCES) {
      observations.add(observations.get(observations.size() % Math.max(1, observations.size())).copy());
    }
  }

  @Benchmark
  public int transactionOf100() {
    return repository.inTransaction(tx -> {
      int n = 0;
      for (Observation o : observations) {
        Observation copy = o.copy();
        copy.setId((String) null);
        tx.create(copy, null);
        n++;
      }
      return n;
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dataSource.close();
    postgres.stop();
  }
}
