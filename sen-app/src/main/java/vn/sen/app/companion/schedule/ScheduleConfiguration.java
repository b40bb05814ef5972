package vn.sen.app.companion.schedule;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * Wiring of the dose schedules. {@code SEN_COMPANION_TIMEZONE} (property {@code sen.companion.timezone})
 * sets the time zone of expected doses; Asia/Ho_Chi_Minh by default.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

  @Bean
  public SigParser sigParser() {
    return new SigParser();
  }

  @Bean
  public PatientResources companionPatientResources(FhirRepository store, SearchQueryParser queries, FhirContext fhir) {
    return new PatientResources(store, queries, fhir);
  }

  @Bean
  public DoseSchedules doseSchedules(PatientResources records, SigParser parser,
      @Value("${sen.companion.timezone:Asia/Ho_Chi_Minh}") String zone) {
    return new DoseSchedules(records, parser, ZoneId.of(zone));
  }

  @Bean
  public ScheduleFlags scheduleFlags(FhirRepository store, SearchQueryParser queries, Clock clock) {
    return new ScheduleFlags(store, queries, clock);
  }
}
