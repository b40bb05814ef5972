package vn.sen.app;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.index.IndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.store.pg.PostgresFhirRepository;

/**
 * Wiring of the FHIR side: the R4 context, the search-parameter registry, index extraction and the
 * {@link FhirRepository} port bound to its PostgreSQL adapter.
 *
 * <p>The REST adapter ({@code vn.sen.fhir.http.FhirServlet} from sen-fhir-http) is registered here at
 * {@code /fhir/*} once that module provides it; until then the application has no {@code /fhir}
 * endpoint and the home page says so.
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
    Set<String> localBases = new LinkedHashSet<>();
    String publicBase = properties.publicBaseUrl();
    if (publicBase != null) {
      localBases.add(publicBase + "/fhir");
    }
    return new FhirPathIndexExtractor(registry, localBases);
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
  public FhirRepository fhirRepository(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      SearchParameterRegistry registry, IndexExtractor extractor, Clock clock, IdGenerator ids) {
    return new PostgresFhirRepository(dataSource, registry, extractor, clock, ids);
  }
}
