package vn.sen.app.companion.reminder;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.DatabaseConfiguration;
import vn.sen.app.companion.CompanionStore;

/**
 * Wiring of reminders. The ports default to what the record says ({@link FhirDoseAnswers},
 * {@link FhirCaregiverConsent}, {@link FhirRecipients}) and to no doses ({@link DoseFeed#NONE}) until the
 * schedule module provides a {@link DoseFeed} bean; any bean of a port's type replaces the default.
 * The scheduler runs unless {@code sen.companion.reminders.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
public class ReminderConfiguration {


  @Bean
  public ReminderTexts reminderTexts(ReminderSettings settings) {
    return new ReminderTexts(settings.defaults().zone());
  }

  @Bean
  public ReminderPreferenceStore reminderPreferenceStore(DataSource dataSource,
      DatabaseConfiguration.SchemaMigration migrated, ReminderSettings settings, Clock clock) {
    return new ReminderPreferenceStore(dataSource, settings, clock);
  }

  @Bean
  public ReminderPlanner reminderPlanner(DataSource dataSource, ObjectProvider<DoseFeed> feed,
      ReminderPreferenceStore preferences, ReminderSettings settings, Clock clock) {
    return new ReminderPlanner(dataSource, feed.getIfAvailable(() -> DoseFeed.NONE), preferences, settings,
        clock);
  }

  @Bean
  public ReminderDispatcher reminderDispatcher(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      ObjectProvider<Recipients> recipients, CompanionStore companionStore, ReminderTexts texts,
      ReminderSettings settings, Clock clock) {
    return new ReminderDispatcher(dataSource, channels(settings, texts, clock),
        recipients.getIfAvailable(() -> new FhirRecipients(companionStore)),
        new Backoff(settings.retry().base(), settings.retry().max(), new SecureRandom()), settings, clock);
  }

  /** The in-page channel and one webhook channel per configured endpoint. */
  static List<ReminderChannel> channels(ReminderSettings settings, ReminderTexts texts, Clock clock) {
    List<ReminderChannel> channels = new ArrayList<>();
    channels.add(new InPageChannel());
    if (!settings.webhooks().isEmpty()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      settings.webhooks().forEach((name, hook) -> channels.add(new WebhookChannel(name, hook.url(),
          new WebhookSignature(hook.secret()), http, settings.retry().timeout(), texts, clock)));
    }
    return channels;
  }

  @Bean
  public InPageInbox inPageInbox(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      ReminderTexts texts, ReminderSettings settings, Clock clock) {
    return new InPageInbox(dataSource, texts, settings, clock);
  }

  @Bean
  public EscalationMonitor escalationMonitor(DataSource dataSource, ObjectProvider<DoseAnswers> answers,
      ObjectProvider<CaregiverConsent> consent, CompanionStore companionStore, ReminderTexts texts,
      ReminderPreferenceStore preferences, ReminderSettings settings, Clock clock) {
    return new EscalationMonitor(dataSource,
        answers.getIfAvailable(() -> new FhirDoseAnswers(companionStore, Duration.ofHours(3))),
        consent.getIfAvailable(() -> new FhirCaregiverConsent(companionStore)),
        new EscalationRecords(companionStore, texts, settings.escalation().careTeamAlerts(), clock),
        preferences, settings, clock);
  }

  @Bean
  public ReminderRetention reminderRetention(DataSource dataSource, DatabaseConfiguration.SchemaMigration migrated,
      ReminderSettings settings, Clock clock) {
    return new ReminderRetention(dataSource, settings.retention(), settings.batchSize(), clock);
  }

  @Bean
  @ConditionalOnProperty(name = "sen.companion.reminders.enabled", havingValue = "true", matchIfMissing = true)
  ReminderScheduler reminderScheduler(ReminderPlanner planner, ReminderDispatcher dispatcher,
      EscalationMonitor escalation, ReminderRetention retention, ReminderSettings settings) {
    return new ReminderScheduler(planner, dispatcher, escalation, retention, settings);
  }
}
