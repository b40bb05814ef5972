package vn.sen.app.companion.reminder;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs reminders on their own: planning (and purging what is past retention) every {@code planEvery}
 * (first at start), dispatching every
 * {@code dispatchEvery} until nothing is due, escalation checks every {@code escalationEvery}. Each task
 * runs on its own thread with a fixed delay, so a slow round never overlaps itself; several instances of
 * Sen may run it side by side (claims skip each other's rows).
 */
final class ReminderScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);
  private final ReminderPlanner planner;
  private final ReminderDispatcher dispatcher;
  private final EscalationMonitor escalation;
  private final ReminderRetention retention;
  private final ReminderSettings settings;
  private ScheduledExecutorService executor;

  ReminderScheduler(ReminderPlanner planner, ReminderDispatcher dispatcher, EscalationMonitor escalation,
      ReminderRetention retention, ReminderSettings settings) {
    this.planner = planner;
    this.dispatcher = dispatcher;
    this.escalation = escalation;
    this.retention = retention;
    this.settings = settings;
  }

  @Override
  public synchronized void start() {
    executor = Executors.newScheduledThreadPool(3, Thread.ofPlatform().name("sen-reminders-", 0).daemon()
        .factory());
    every(settings.planEvery(), "planning", () -> {
      planner.planAhead();
      retention.purge();
    });
    every(settings.dispatchEvery(), "dispatch", dispatcher::dispatchDue);
    every(settings.escalationEvery(), "escalation", escalation::checkDue);
  }

  private void every(Duration delay, String what, Runnable task) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // An exception escaping a periodic task would end it for good: this loop must outlive a bad round
        // (database restart, a failing FHIR write). The next round tries again; what was claimed and not
        // completed comes back after its lease.
        log.warn("Reminder {} round failed: {}", what, e.toString());
      }
    }, 0, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
