package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.companion.reminder.ReminderFixture.HANOI;
import static vn.sen.app.companion.reminder.ReminderFixture.hanoi;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private final QuietHours.Window shift =
      new QuietHours.Window(LocalTime.of(21, 30), LocalTime.of(6, 30), QuietHours.Policy.SHIFT);
  private final QuietHours.Window drop =
      new QuietHours.Window(LocalTime.of(21, 30), LocalTime.of(6, 30), QuietHours.Policy.DROP);

  @Test
  void reminderOutsideQuietHoursGoesAtDoseTime() {
    assertThat(shift.sendTime(hanoi("2026-12-07", "07:00"), HANOI)).contains(hanoi("2026-12-07", "07:00"));
    assertThat(shift.sendTime(hanoi("2026-12-07", "21:29"), HANOI)).contains(hanoi("2026-12-07", "21:29"));
  }

  @Test
  void lateEveningDoseIsRemindedJustBeforeQuietHours() {
    assertThat(shift.sendTime(hanoi("2026-12-07", "22:00"), HANOI)).contains(hanoi("2026-12-07", "21:29"));
  }

  @Test
  void earlyMorningDoseIsRemindedWhenQuietHoursEnd() {
    assertThat(shift.sendTime(hanoi("2026-12-07", "05:45"), HANOI)).contains(hanoi("2026-12-07", "06:30"));
    assertThat(shift.sendTime(hanoi("2026-12-08", "01:00"), HANOI)).contains(hanoi("2026-12-07", "21:29"));
  }

  @Test
  void dropPolicySendsNothingInQuietHours() {
    assertThat(drop.sendTime(hanoi("2026-12-07", "23:00"), HANOI)).isEmpty();
    assertThat(drop.sendTime(hanoi("2026-12-07", "06:30"), HANOI)).contains(hanoi("2026-12-07", "06:30"));
  }

  @Test
  void daytimeQuietHoursDoNotSpanMidnight() {
    QuietHours.Window nap = new QuietHours.Window(LocalTime.of(12, 0), LocalTime.of(13, 0), QuietHours.Policy.SHIFT);
    assertThat(nap.sendTime(hanoi("2026-12-07", "12:45"), HANOI)).contains(hanoi("2026-12-07", "13:00"));
    assertThat(nap.sendTime(hanoi("2026-12-07", "23:00"), HANOI)).contains(hanoi("2026-12-07", "23:00"));
  }
}
