package vn.sen.app.companion.worklist;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.platform.policy.PolicyEnforcingRepository;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirOperation;

/**
 * Wiring of the worklist: the service, {@code Organization/{id}/$worklist} and {@code CareTeam/{id}/$worklist}.
 * The worklist reads and changes Tasks on the user's behalf, so it works through the policy edge: a user
 * sees the items of patients they may see, and acts on them as their role allows, audited as themselves.
 */
@Configuration(proxyBeanMethods = false)
public class WorklistConfiguration {

  @Bean
  WorklistService worklistService(PolicyEnforcingRepository edge, SearchQueryParser parser, FhirContext fhir,
      Clock clock) {
    return new WorklistService(edge, parser, fhir, clock);
  }

  @Bean
  FhirOperation organizationWorklistOperation(WorklistService service, PolicyEnforcingRepository edge,
      FhirContext fhir) {
    return new WorklistOperation("Organization", service, edge, fhir);
  }

  @Bean
  FhirOperation careTeamWorklistOperation(WorklistService service, PolicyEnforcingRepository edge,
      FhirContext fhir) {
    return new WorklistOperation("CareTeam", service, edge, fhir);
  }
}
