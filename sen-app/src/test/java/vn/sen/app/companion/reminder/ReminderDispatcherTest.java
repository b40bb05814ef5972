package vn.sen.app.companion.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.app.companion.reminder.ReminderFixture.hanoi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.reminder.DoseFeed.ExpectedDose;

class ReminderDispatcherTest {
  private static ReminderFixture fx;
  private final ReminderSettings settings = ReminderSettings.standard();

  @BeforeAll
  static void database() {
    fx = new ReminderFixture(ReminderDispatcherTest.class, hanoi("2026-12-07", "00:00"));
  }

  @AfterAll
  static void drop() {
    fx.close();
  }

  @BeforeEach
  void empty() {
    fx.execute("truncate reminder, reminder_dose, reminder_preference, reminder_delivery");
    fx.clock.set(hanoi("2026-12-07", "00:00"));
  }

  private void plan(int patients, String time) {
    List<ExpectedDose> doses = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      doses.add(new ExpectedDose("p" + i, "mr" + i, hanoi("2026-12-07", time), "1 viên", "Metformin 500 mg"));
    }
    new ReminderPlanner(fx.dataSource(), new ReminderFixture.ListFeed(doses), fx.preferences(settings), settings,
        fx.clock).planAhead();
  }

  private ReminderDispatcher dispatcher(ReminderChannel channel) {
    return new ReminderDispatcher(fx.dataSource(), List.of(channel), refs -> Map.of(),
        new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30), new SplittableRandom(1)), settings, fx.clock);
  }

  /** Records what it was given; answers with {@code outcome}. */
  private static final class Recording implements ReminderChannel {
    final ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
    final Function<OutgoingReminder, Outcome> outcome;

    Recording(Function<OutgoingReminder, Outcome> outcome) {
      this.outcome = outcome;
    }

    @Override
    public String name() {
      return InPageChannel.NAME;
    }

    @Override
    public List<Outcome> send(List<OutgoingReminder> batch) {
      batch.forEach(r -> sent.add(r.id()));
      return batch.stream().map(outcome).toList();
    }
  }

  @Test
  void twoConcurrentDispatchersSendEachReminderOnce() throws Exception {
    plan(3000, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));
    Recording channel = new Recording(r -> new ReminderChannel.Outcome.Sent());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ReminderDispatcher d = dispatcher(channel);
        runs.add(pool.submit(() -> {
          start.await();
          return d.dispatchDue();
        }));
      }
      start.countDown();
      long handled = runs.get(0).get() + runs.get(1).get();

      assertThat(handled).isEqualTo(3000);
    } finally {
      pool.shutdown();
    }
    assertThat(channel.sent).hasSize(3000).doesNotHaveDuplicates();
    assertThat(fx.strings("select state || ' ' || count(*) from reminder group by state"))
        .containsExactly("sent 3000");
    assertThat(fx.strings("select count(*) from reminder_delivery")).containsExactly("3000");
  }

  @Test
  void nothingIsSentBeforeItsTime() {
    plan(3, "07:00");
    fx.clock.set(hanoi("2026-12-07", "06:59"));
    Recording channel = new Recording(r -> new ReminderChannel.Outcome.Sent());

    assertThat(dispatcher(channel).dispatchDue()).isZero();
    assertThat(channel.sent).isEmpty();
  }

  @Test
  void reminderClaimedByADispatcherThatDiedIsSentAfterTheLease() {
    plan(1, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));
    ReminderChannel crashing = new Recording(r -> {
      throw new IllegalStateException("the process died mid-send");
    });
    assertThatThrownBy(() -> dispatcher(crashing).dispatchBatch()).isInstanceOf(IllegalStateException.class);
    Recording healthy = new Recording(r -> new ReminderChannel.Outcome.Sent());

    fx.clock.advance(settings.lease().minusSeconds(1));
    assertThat(dispatcher(healthy).dispatchDue()).isZero();
    fx.clock.advance(Duration.ofSeconds(2));
    assertThat(dispatcher(healthy).dispatchDue()).isEqualTo(1);

    assertThat(healthy.sent).hasSize(1);
    assertThat(fx.strings("select state || ' ' || attempts from reminder")).containsExactly("sent 2");
  }

  @Test
  void lateCompletionOfAnExpiredLeaseDoesNotOverwriteTheNewClaim() {
    plan(1, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));
    List<ReminderDispatcher> slow = new ArrayList<>();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recording stuck = new Recording(r -> {
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ReminderChannel.Outcome.Failed(400, "HTTP 400");
    });
    slow.add(dispatcher(stuck));
    Thread first = Thread.ofPlatform().start(() -> slow.get(0).dispatchBatch());
    try {
      inside.await();
      fx.clock.advance(settings.lease().plusSeconds(1));
      assertThat(dispatcher(new Recording(r -> new ReminderChannel.Outcome.Sent())).dispatchDue()).isEqualTo(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      release.countDown();
    }
    try {
      first.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    assertThat(fx.strings("select state || ' ' || attempts from reminder")).containsExactly("sent 2");
  }

  @Test
  void stopRemindersCancelsPendingAtOnce() {
    plan(1, "07:00");
    plan(1, "19:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));
    Recording channel = new Recording(r -> new ReminderChannel.Outcome.Sent());
    dispatcher(channel).dispatchDue();

    int cancelled = fx.preferences(settings).stopReminders("p0");
    fx.clock.set(hanoi("2026-12-07", "19:00"));
    dispatcher(channel).dispatchDue();

    assertThat(cancelled).isEqualTo(1);
    assertThat(channel.sent).hasSize(1);
    assertThat(fx.strings("select state from reminder order by due_at")).containsExactly("sent", "cancelled");
  }

  @Test
  void reminderNotSentWithinTheExpiryTimeExpires() {
    plan(1, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00").plus(settings.expireAfter()).plusSeconds(1));
    Recording channel = new Recording(r -> new ReminderChannel.Outcome.Sent());

    dispatcher(channel).dispatchDue();

    assertThat(channel.sent).isEmpty();
    assertThat(fx.strings("select state from reminder")).containsExactly("expired");
  }

  @Test
  void reminderOnAChannelNobodyConfiguredFails() {
    fx.preferences(settings).save(ReminderPreferences.defaults("p0", settings).withChannels(List.of("pager")));
    plan(1, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));

    dispatcher(new Recording(r -> new ReminderChannel.Outcome.Sent())).dispatchDue();

    assertThat(fx.strings("select outcome || ' ' || detail from reminder_delivery"))
        .containsExactly("failed unknown channel");
    assertThat(Collections.frequency(fx.strings("select state from reminder"), "failed")).isEqualTo(1);
  }

  @Test
  void finishedRemindersAreRemovedAfterTheRetentionTimeAndPendingOnesKept() {
    plan(2, "07:00");
    fx.clock.set(hanoi("2026-12-07", "07:00"));
    dispatcher(new Recording(r -> new ReminderChannel.Outcome.Sent())).dispatchDue();
    fx.execute("update reminder set state = 'pending' where patient_id = 'p1'");

    fx.clock.advance(settings.retention().plusMinutes(1));
    long removed = new ReminderRetention(fx.dataSource(), settings.retention(), 1, fx.clock).purge();

    assertThat(removed).as("both deliveries, one reminder, one dose").isEqualTo(4);
    assertThat(fx.strings("select patient_id from reminder")).containsExactly("p1");
    assertThat(fx.strings("select patient_id from reminder_dose")).containsExactly("p1");
    assertThat(fx.strings("select count(*) from reminder_delivery")).containsExactly("0");
  }
}
