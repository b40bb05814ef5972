package vn.sen.app;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import vn.sen.app.platform.policy.EdgeOperation;
import vn.sen.app.platform.policy.GuardedOperation;
import vn.sen.app.platform.policy.PolicyEnforcingRepository;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.access.AccessFactExtractor;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.index.IndexExtractor;
import vn.sen.fhir.core.index.StructuralWriteCheck;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirHttpSettings;
import vn.sen.fhir.http.FhirOperation;
import vn.sen.fhir.http.FhirServlet;
import vn.sen.store.pg.CommitHook;
import vn.sen.store.pg.PostgresFhirRepository;

/**
 * Wiring of the FHIR side: the R4 context, the search-parameter registry, index extraction, the
 * {@link FhirRepository} port bound to its PostgreSQL adapter, and the REST adapter ({@link FhirServlet})
 * at {@code /fhir/*} with the operations domain modules provide as {@link FhirOperation} beans.
 */
@Configuration(proxyBeanMethods = false)
public class FhirConfiguration {

  @Bean
  public FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  @Bean
  public SearchParameterRegistry searchParameterRegistry(FhirContext context) {
    return new SearchParameterRegistry(context);
  }

  @Bean
  public IndexExtractor indexExtractor(SearchParameterRegistry registry, SenProperties properties) {
    return new FhirPathIndexExtractor(registry, localFhirBases(properties));
  }

  /** Absolute references starting with these are this server's own (indexed like relative ones). */
  private static Set<String> localFhirBases(SenProperties properties) {
    Set<String> bases = new LinkedHashSet<>();
    String publicBase = properties.publicBaseUrl();
    if (publicBase != null) {
      bases.add(publicBase + "/fhir");
    }
    return bases;
  }

  /** The fast structural check every write passes (cardinality, required codes, primitive values). */
  @Bean
  public WriteCheck writeCheck(FhirContext context) {
    return new StructuralWriteCheck(context);
  }

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  public IdGenerator idGenerator() {
    return IdGenerator.secureRandom();
  }

  @Bean
  public SearchQueryParser searchQueryParser(SearchParameterRegistry registry, SenProperties properties) {
    return new SearchQueryParser(registry, localFhirBases(properties));
  }

  /** The REST API; the bean name is how the home page and the CLI know {@code /fhir} is there. */
  @Bean
  public ServletRegistrationBean<FhirServlet> fhirServlet(PolicyEnforcingRepository edge,
      SearchParameterRegistry registry, SearchQueryParser searchParser, WriteCheck writeCheck, IdGenerator ids,
      SenProperties properties, List<FhirOperation> operations) {
    // every module operation runs behind the policy edge; break-glass and $match are the edge's own
    List<FhirOperation> guarded = operations.stream()
        .map(op -> op instanceof EdgeOperation ? op : new GuardedOperation(op, edge))
        .toList();
    String publicBase = properties.publicBaseUrl();
    FhirHttpSettings settings = new FhirHttpSettings(
        properties.maxPayload().toBytes(), publicBase == null ? null : publicBase + "/fhir", false);
    ServletRegistrationBean<FhirServlet> registration = new ServletRegistrationBean<>(
        new FhirServlet(edge, registry, searchParser, writeCheck, ids, settings, guarded), "/fhir/*");
    registration.setName("fhirServlet");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * The store itself, unrestricted: what Sen's modules read and write as the system (audited as such).
   * Requests on a user's behalf go through the {@link PolicyEnforcingRepository} in front of it. The store
   * keeps the access facts ({@link AccessFactExtractor}) at write time and runs the commit hooks (the audit
   * trail) in each unit of work's transaction.
   */
  @Bean
  @Primary
  public FhirRepository fhirRepository(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      PointReads pointReads, SearchParameterRegistry registry, IndexExtractor extractor,
      AccessFactExtractor accessFacts, List<CommitHook> commitHooks, Clock clock, IdGenerator ids) {
    return new PostgresFhirRepository(dataSource, pointReads.pool().dataSource(), registry, extractor, accessFacts,
        commitHooks, clock, ids);
  }

  /** The pool that reads by id and version go to ({@link CachedPlanPool}). */
  public record PointReads(CachedPlanPool pool) implements AutoCloseable {
    static final int POOL_SIZE = 8;

    @Override
    public void close() {
      pool.close();
    }
  }

  @Bean(destroyMethod = "close")
  public PointReads pointReads(DataSource dataSource) {
    return new PointReads(CachedPlanPool.beside(dataSource, "sen-reads", PointReads.POOL_SIZE));
  }
}
