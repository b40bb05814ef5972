package vn.sen.app.companion.adherence;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.companion.schedule.DoseSchedules;
import vn.sen.app.companion.schedule.PatientResources;
import vn.sen.app.companion.schedule.ScheduleFlags;
import vn.sen.fhir.http.FhirOperation;

/**
 * Wiring of the adherence measures and {@code Patient/$adherence}. {@code sen.companion.on-time-window}
 * (default 60 minutes either side of the due time) and {@code sen.companion.pdc-days} (default 365).
 */
@Configuration(proxyBeanMethods = false)
public class AdherenceConfiguration {

  @Bean
  public AdherenceMeasures adherenceMeasures(DoseSchedules schedules, PatientResources records, ScheduleFlags flags,
      Clock clock, @Value("${sen.companion.on-time-window:60m}") Duration onTimeWindow,
      @Value("${sen.companion.pdc-days:365}") int pdcDays) {
    return new AdherenceMeasures(schedules, records, flags, clock, onTimeWindow, pdcDays);
  }

  @Bean
  public FhirOperation adherenceOperation(AdherenceMeasures measures) {
    return new AdherenceOperation(measures);
  }
}
