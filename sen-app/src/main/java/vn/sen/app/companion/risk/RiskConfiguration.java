package vn.sen.app.companion.risk;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import vn.sen.app.DatabaseConfiguration;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirOperation;

/**
 * Wiring of the risk module: the service, {@code Patient/{id}/$risk}, and the nightly refresh (02:30 in
 * Vietnam; {@code sen.companion.risk.nightly=false} turns it off, as tests do).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RiskConfiguration {

  @Bean
  RiskService riskService(FhirRepository repository, SearchQueryParser parser, FhirContext fhir, DataSource dataSource,
      DatabaseConfiguration.SchemaMigration migrated, Clock clock, WriteCheck writeCheck) {
    return new RiskService(repository, parser, fhir, new RiskModelStore(dataSource), clock, writeCheck);
  }

  @Bean
  FhirOperation riskOperation(RiskService service) {
    return new RiskOperation(service);
  }

  @Bean
  @ConditionalOnProperty(name = "sen.companion.risk.nightly", havingValue = "true", matchIfMissing = true)
  NightlyRefresh riskNightlyRefresh(RiskService service) {
    return new NightlyRefresh(service);
  }

  /** Refreshes every patient's RiskAssessments once a night. */
  static final class NightlyRefresh {
    private static final Logger log = LoggerFactory.getLogger(NightlyRefresh.class);
    private final RiskService service;

    NightlyRefresh(RiskService service) {
      this.service = service;
    }

    @Scheduled(cron = "${sen.companion.risk.cron:0 30 2 * * *}", zone = "Asia/Ho_Chi_Minh")
    void run() {
      try {
        service.refreshAll(service.today());
      } catch (FhirException e) {
        // No model trained yet: nothing to refresh, and nothing to retry before tomorrow.
        log.warn("nightly companion risk refresh skipped: {}", e.getMessage());
      }
    }
  }
}
