package vn.sen.app.companion.worklist;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirOperation;

/** Wiring of the worklist: the service, {@code Organization/{id}/$worklist} and {@code CareTeam/{id}/$worklist}. */
@Configuration(proxyBeanMethods = false)
public class WorklistConfiguration {

  @Bean
  WorklistService worklistService(FhirRepository repository, SearchQueryParser parser, FhirContext fhir, Clock clock) {
    return new WorklistService(repository, parser, fhir, clock);
  }

  @Bean
  FhirOperation organizationWorklistOperation(WorklistService service, FhirRepository repository, FhirContext fhir) {
    return new WorklistOperation("Organization", service, repository, fhir);
  }

  @Bean
  FhirOperation careTeamWorklistOperation(WorklistService service, FhirRepository repository, FhirContext fhir) {
    return new WorklistOperation("CareTeam", service, repository, fhir);
  }
}
