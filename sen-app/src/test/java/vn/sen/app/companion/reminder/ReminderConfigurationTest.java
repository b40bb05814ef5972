package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ApplicationContext;
import vn.sen.app.SenServer;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;

@ExtendWith(SenServer.class)
class ReminderConfigurationTest {

  @Test
  void settingsHaveTheDocumentedDefaults(SenServer.Running sen) {
    ReminderSettings settings = sen.context().getBean(ReminderSettings.class);

    assertThat(settings.defaults().channels()).containsExactly("in-page");
    assertThat(settings.defaults().quietHours()).isEqualTo(new QuietHours.Window(java.time.LocalTime.of(21, 30),
        java.time.LocalTime.of(6, 30), QuietHours.Policy.SHIFT));
    assertThat(settings.escalation().after()).isEqualTo(Duration.ofMinutes(60));
    assertThat(settings.webhooks()).isEmpty();
  }

  @Test
  void plannedReminderReachesTheInPageInboxOnce(SenServer.Running sen) throws InterruptedException {
    ApplicationContext context = sen.context();
    Instant due = Instant.now().minusSeconds(60);
    String patient = "wiring-" + System.nanoTime();
    ReminderSettings settings = context.getBean(ReminderSettings.class);
    ReminderPreferenceStore preferences = context.getBean(ReminderPreferenceStore.class);
    preferences.save(ReminderPreferences.defaults(patient, settings).withQuietHours(null));
    new ReminderPlanner(context.getBean(DataSource.class), new ReminderFixture.ListFeed(List.of(
        new ExpectedDose(patient, "mr-wiring", due, "2 viên", "Metformin 500 mg"))), preferences, settings,
        Clock.systemUTC()).plan(due.minusSeconds(1), due.plusSeconds(1));

    // The application's own scheduled dispatcher may claim it first: wait for whichever sends it.
    InPageInbox inbox = context.getBean(InPageInbox.class);
    List<InPageInbox.Message> first = List.of();
    for (int i = 0; i < 100 && first.isEmpty(); i++) {
      context.getBean(ReminderDispatcher.class).dispatchDue();
      first = inbox.take("Patient/" + patient, "en", 10);
      if (first.isEmpty()) {
        Thread.sleep(100);
      }
    }
    List<InPageInbox.Message> second = inbox.take("Patient/" + patient, "en", 10);

    assertThat(first).singleElement().satisfies(m -> {
      assertThat(m.medicationRequestId()).isEqualTo("mr-wiring");
      assertThat(m.text()).startsWith("Time for your medicine").contains("Metformin 500 mg", "2 viên");
    });
    assertThat(second).isEmpty();
  }
}
