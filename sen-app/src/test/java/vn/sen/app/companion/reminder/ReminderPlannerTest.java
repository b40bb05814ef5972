package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.app.companion.reminder.ReminderFixture.hanoi;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;

class ReminderPlannerTest {
  private static ReminderFixture fx;
  private final ReminderSettings settings = ReminderSettings.standard();

  @BeforeAll
  static void database() {
    fx = new ReminderFixture(ReminderPlannerTest.class, hanoi("2026-12-07", "00:00"));
  }

  @AfterAll
  static void drop() {
    fx.close();
  }

  @BeforeEach
  void empty() {
    fx.execute("truncate reminder, reminder_dose, reminder_preference, reminder_delivery");
  }

  private ReminderPlanner planner(List<ExpectedDose> doses) {
    return new ReminderPlanner(fx.dataSource(), new ReminderFixture.ListFeed(doses), fx.preferences(settings),
        settings, fx.clock);
  }

  private static ExpectedDose dose(String patient, String request, String time) {
    return new ExpectedDose(patient, request, hanoi("2026-12-07", time), "1 viên", "Amlodipine 5 mg");
  }

  @Test
  void planningTwiceAddsEachReminderOnce() {
    List<ExpectedDose> doses = List.of(dose("p1", "mr1", "07:00"), dose("p1", "mr1", "19:00"),
        dose("p2", "mr2", "12:00"));
    fx.preferences(settings).save(ReminderPreferences.defaults("p2", settings)
        .withChannels(List.of("in-page", "sms")));

    ReminderPlanner.Planned first = planner(doses).planAhead();
    ReminderPlanner.Planned second = planner(doses).planAhead();

    assertThat(first.newDoses()).isEqualTo(3);
    assertThat(first.reminders()).isEqualTo(4);
    assertThat(second.newDoses()).isZero();
    assertThat(second.reminders()).isZero();
    assertThat(fx.strings("select patient_id || ' ' || channel from reminder order by 1"))
        .containsExactly("p1 in-page", "p1 in-page", "p2 in-page", "p2 sms");
  }

  @Test
  void reminderInQuietHoursIsShiftedOrDropped() {
    fx.preferences(settings).save(ReminderPreferences.defaults("dropper", settings).withQuietHours(
        new QuietHours.Window(LocalTime.of(21, 30), LocalTime.of(6, 30), QuietHours.Policy.DROP)));

    planner(List.of(dose("shifter", "mr1", "22:00"), dose("dropper", "mr2", "22:00"))).planAhead();

    assertThat(fx.strings("select patient_id || ' ' || to_char(next_attempt_at at time zone 'Asia/Ho_Chi_Minh',"
        + " 'HH24:MI') from reminder")).containsExactly("shifter 21:29");
    assertThat(fx.strings("select patient_id from reminder_dose order by 1")).containsExactly("dropper", "shifter");
  }

  @Test
  void patientWhoStoppedRemindersGetsNone() {
    fx.preferences(settings).stopReminders("p1");

    planner(List.of(dose("p1", "mr1", "07:00"), dose("p2", "mr2", "07:00"))).planAhead();

    assertThat(fx.strings("select patient_id from reminder")).containsExactly("p2");
  }

  @Test
  void watchedDosesWaitForTheirCheckTime() {
    fx.preferences(settings).save(ReminderPreferences.defaults("p1", settings)
        .withEscalation("rp1", List.of(), Duration.ofMinutes(45), 1));

    planner(List.of(dose("p1", "mr1", "07:00"), dose("p2", "mr2", "07:00"))).planAhead();

    assertThat(fx.strings("select patient_id || ' ' || watch || ' ' || coalesce(to_char(check_at at time zone"
        + " 'Asia/Ho_Chi_Minh', 'HH24:MI'), '-') from reminder_dose order by 1"))
        .containsExactly("p1 open 07:45", "p2 none -");
  }

  @Test
  void replanningAfterAScheduleChangeReplacesUntriedReminders() {
    planner(List.of(dose("p1", "mr1", "07:00"))).planAhead();

    planner(List.of(dose("p1", "mr1", "08:00"))).replan("p1");

    assertThat(fx.strings("select to_char(due_at at time zone 'Asia/Ho_Chi_Minh', 'HH24:MI') from reminder"))
        .containsExactly("08:00");
  }
}
