package vn.sen.app.companion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.companion.checkin.CheckinListener;
import vn.sen.app.companion.checkin.Intent;
import vn.sen.app.companion.reminder.DoseFeed;
import vn.sen.app.companion.reminder.ReminderPreferenceStore;
import vn.sen.app.companion.schedule.DoseSchedules;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * How the companion's parts meet: reminders take their doses from the schedule module, and a check-in
 * saying "stop reminders" stops them at once. Each part defines its own port; this is the only place that
 * knows both sides.
 */
@Configuration(proxyBeanMethods = false)
public class CompanionWiring {
  private static final Logger log = LoggerFactory.getLogger(CompanionWiring.class);

  @Bean
  DoseFeed scheduleDoseFeed(DoseSchedules schedules, FhirRepository store, SearchQueryParser parser) {
    return new ScheduleDoseFeed(schedules, store, parser);
  }

  @Bean
  CheckinListener stopRemindersOnRequest(ReminderPreferenceStore reminders) {
    return (patientId, meaning) -> {
      if (meaning.says(Intent.STOP_REMINDERS)) {
        int cancelled = reminders.stopReminders(patientId);
        log.info("A check-in stopped reminders: {} pending cancelled", cancelled);
      }
    };
  }
}
