package vn.sen.app.companion.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Quiet hours: when no reminder is sent, and what happens to one that falls inside them. */
public final class QuietHours {

  /** What happens to a reminder due in quiet hours. */
  public enum Policy {
    /** Sent at the nearer edge of the quiet hours: 22:00 → 21:29, 05:45 → 06:30 (for 21:30–06:30). */
    SHIFT,
    /** Not sent at all (the dose is still watched for escalation). */
    DROP
  }

  /**
   * Quiet hours from {@code start} to {@code end} local time; may span midnight (21:30–06:30).
   */
  public record Window(LocalTime start, LocalTime end, Policy policy) {

    boolean contains(LocalTime t) {
      if (start.equals(end)) {
        return false;
      }
      return start.isBefore(end)
          ? !t.isBefore(start) && t.isBefore(end)
          : !t.isBefore(start) || t.isBefore(end);
    }

    /**
     * When a reminder due at {@code due} is sent in {@code zone}: {@code due} itself outside quiet hours;
     * inside, the nearer edge (shift) or nothing (drop).
     */
    public Optional<Instant> sendTime(Instant due, ZoneId zone) {
      ZonedDateTime local = due.atZone(zone);
      if (!contains(local.toLocalTime())) {
        return Optional.of(due);
      }
      if (policy == Policy.DROP) {
        return Optional.empty();
      }
      ZonedDateTime startEdge = local.with(start);
      if (startEdge.isAfter(local)) {
        startEdge = startEdge.minusDays(1);
      }
      ZonedDateTime endEdge = local.with(end);
      if (!endEdge.isAfter(local)) {
        endEdge = endEdge.plusDays(1);
      }
      // Just before the quiet hours, the reminder comes early rather than the next morning.
      Duration sinceStart = Duration.between(startEdge, local);
      Duration untilEnd = Duration.between(local, endEdge);
      return Optional.of(sinceStart.compareTo(untilEnd) <= 0
          ? startEdge.minusMinutes(1).toInstant() : endEdge.toInstant());
    }
  }

  private QuietHours() {}
}
