package vn.sen.app.companion;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.companion.checkin.CheckinListener;
import vn.sen.app.companion.checkin.Intent;
import vn.sen.app.companion.reminder.DoseFeed;
import vn.sen.app.companion.reminder.InPageInbox;
import vn.sen.app.companion.reminder.ReminderPreferenceStore;
import vn.sen.app.companion.schedule.DoseSchedules;
import vn.sen.app.companion.web.CompanionNotices;
import vn.sen.app.companion.web.DoseCalendar;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * How the companion's parts meet: reminders and the pages take their doses from the schedule module, and a
 * check-in saying "stop reminders" stops them at once. Each part defines its own port; this is the only place that
 * knows both sides.
 */
@Configuration(proxyBeanMethods = false)
public class CompanionWiring {

  /**
   * The store as reminders and the pages' adapters read and write it (the unrestricted one: the pages
   * check their viewer themselves; reminders act as Sen).
   */
  @Bean
  CompanionStore companionStore(FhirRepository store, SearchQueryParser parser, FhirContext fhir) {
    return new CompanionStore(store, parser, fhir);
  }

  @Bean
  DoseFeed scheduleDoseFeed(DoseSchedules schedules, FhirRepository store, SearchQueryParser parser) {
    return new ScheduleDoseFeed(schedules, store, parser);
  }

  /**
   * The pages show the doses the schedule module computes (free-text instructions, tapering, the
   * patient's own dose times included), in Vietnam's time.
   */
  @Bean
  DoseCalendar scheduleDoseCalendar(DoseSchedules schedules) {
    return (patientId, requests, from, to) -> {
      ZoneId zone = schedules.zone();
      Instant start = from.atStartOfDay(zone).toInstant();
      Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
      Map<String, List<LocalDateTime>> times = new LinkedHashMap<>();
      for (var dose : schedules.expectedDoses(patientId, start, end)) {
        times.computeIfAbsent(dose.medicationRequestId(), k -> new ArrayList<>())
            .add(LocalDateTime.ofInstant(dose.due(), zone));
      }
      return times;
    };
  }

  /** Reminders of the in-page channel appear on the companion's page of today's doses. */
  @Bean
  CompanionNotices inPageReminders(InPageInbox inbox) {
    return (viewer, language) -> inbox.take(viewer.actorReference(), language, 5).stream()
        .map(InPageInbox.Message::text).toList();
  }

  @Bean
  CheckinListener stopRemindersOnRequest(ReminderPreferenceStore reminders) {
    return (patientId, meaning) -> {
      if (meaning.says(Intent.STOP_REMINDERS)) {
        reminders.stopReminders(patientId);
      }
    };
  }
}
