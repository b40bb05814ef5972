package vn.sen.app;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.index.IndexExtractor;
import vn.sen.fhir.core.index.StructuralWriteCheck;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirHttpSettings;
import vn.sen.fhir.http.FhirServlet;
import vn.sen.store.pg.PostgresFhirRepository;

/**
 * Wiring of the FHIR side: the R4 context, the search-parameter registry, index extraction, the
 * {@link FhirRepository} port bound to its PostgreSQL adapter, and the REST adapter ({@link FhirServlet})
 * at {@code /fhir/*}.
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
  public ServletRegistrationBean<FhirServlet> fhirServlet(FhirRepository repository,
      SearchParameterRegistry registry, SearchQueryParser searchParser, WriteCheck writeCheck, IdGenerator ids,
      SenProperties properties, java.util.List<vn.sen.fhir.http.FhirOperation> operations) {
    String publicBase = properties.publicBaseUrl();
    FhirHttpSettings settings = new FhirHttpSettings(
        properties.maxPayload().toBytes(), publicBase == null ? null : publicBase + "/fhir", false);
    ServletRegistrationBean<FhirServlet> registration = new ServletRegistrationBean<>(
        new FhirServlet(repository, registry, searchParser, writeCheck, ids, settings, operations), "/fhir/*");
    registration.setName("fhirServlet");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  public FhirRepository fhirRepository(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      SearchParameterRegistry registry, IndexExtractor extractor, Clock clock, IdGenerator ids) {
    return new PostgresFhirRepository(dataSource, registry, extractor, clock, ids);
  }
}
