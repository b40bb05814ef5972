package vn.sen.app.companion.reminder;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of reminders ({@code sen.companion.reminders.*}; docs/companion.md lists them).
 *
 * @param enabled whether the planner, dispatcher and escalation monitor run on their own schedule
 * @param planAhead how far ahead reminders are planned
 * @param planEvery how often planning runs (idempotent)
 * @param dispatchEvery pause between dispatch rounds when nothing is due
 * @param escalationEvery pause between escalation checks
 * @param batchSize reminders claimed, written or checked per statement
 * @param lease how long a claimed reminder stays with its dispatcher before another may retry it
 * @param expireAfter a reminder not sent this long after its dose is due is dropped as expired
 * @param retention finished reminders, their delivery log and doses are removed after this long
 * @param retry webhook retries
 * @param defaults what a patient without own preferences gets
 * @param escalation escalation defaults
 * @param webhooks outbound webhook endpoints by channel name (e.g. {@code sms}, {@code zalo})
 */
@ConfigurationProperties("sen.companion.reminders")
public record ReminderSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("24h") Duration planAhead,
    @DefaultValue("1h") Duration planEvery,
    @DefaultValue("5s") Duration dispatchEvery,
    @DefaultValue("1m") Duration escalationEvery,
    @DefaultValue("500") int batchSize,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("3h") Duration expireAfter,
    @DefaultValue("30d") Duration retention,
    @DefaultValue Retry retry,
    @DefaultValue Defaults defaults,
    @DefaultValue Escalation escalation,
    Map<String, Webhook> webhooks) {

  public ReminderSettings {
    webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
  }

  /** The settings with every default and no webhooks (tests and benchmarks). */
  public static ReminderSettings standard() {
    return new ReminderSettings(true, Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(5),
        Duration.ofMinutes(1), 500, Duration.ofMinutes(2), Duration.ofHours(3), Duration.ofDays(30), new Retry(6,
        Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofSeconds(10)),
        new Defaults(List.of(InPageChannel.NAME), ZoneId.of("Asia/Ho_Chi_Minh"), "21:30", "06:30",
            QuietHours.Policy.SHIFT), new Escalation(Duration.ofMinutes(60), 1, false), Map.of());
  }

  /**
   * @param maxAttempts attempts before a reminder is failed for good
   * @param base delay after the first failed attempt; doubled each time, with jitter
   * @param max longest delay between attempts
   * @param timeout how long a webhook call may take
   */
  public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("30s") Duration base,
      @DefaultValue("30m") Duration max, @DefaultValue("10s") Duration timeout) {}

  /**
   * @param channels channels a patient is reminded on
   * @param zone time zone of quiet hours
   * @param quietStart start of quiet hours, local time {@code HH:mm}; blank for none
   * @param quietEnd end of quiet hours, local time {@code HH:mm}
   * @param quietPolicy what happens to a reminder due in quiet hours
   */
  public record Defaults(@DefaultValue("in-page") List<String> channels,
      @DefaultValue("Asia/Ho_Chi_Minh") ZoneId zone, @DefaultValue("21:30") String quietStart,
      @DefaultValue("06:30") String quietEnd, @DefaultValue("shift") QuietHours.Policy quietPolicy) {

    public Defaults {
      channels = List.copyOf(channels);
    }

    QuietHours.@org.jspecify.annotations.Nullable Window quietHours() {
      if (quietStart.isBlank() || quietEnd.isBlank()) {
        return null;
      }
      return new QuietHours.Window(LocalTime.parse(quietStart), LocalTime.parse(quietEnd), quietPolicy);
    }
  }

  /**
   * @param after a dose unanswered this long after it was due counts as missed
   * @param misses escalate after this many missed doses in a row
   * @param careTeamAlerts also raise a Flag and a Task for the care team on escalation
   */
  public record Escalation(@DefaultValue("60m") Duration after, @DefaultValue("1") int misses,
      @DefaultValue("false") boolean careTeamAlerts) {}

  /**
   * @param url where reminders are POSTed
   * @param secret the endpoint's signing secret (HMAC-SHA256 key)
   */
  public record Webhook(URI url, String secret) {}
}
