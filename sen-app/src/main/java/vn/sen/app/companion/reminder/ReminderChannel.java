package vn.sen.app.companion.reminder;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A way reminders leave Sen: the in-page inbox, a signed webhook, a no-op channel for benchmarks. */
public interface ReminderChannel {

  /** The name patients' preferences use, e.g. {@code in-page}, {@code sms}. */
  String name();

  /** Whether sending needs the recipient's language and address (looked up once per batch). */
  default boolean needsRecipient() {
    return true;
  }

  /** Sends a batch; returns one outcome per reminder, in order. Must not throw for one bad reminder. */
  List<Outcome> send(List<OutgoingReminder> batch);

  /** What became of one attempt. */
  sealed interface Outcome {
    /** Handed over; not yet known to have reached the person (the in-page inbox until it is read). */
    record Sent() implements Outcome {}

    /** Accepted by the receiving side (a webhook's 2xx). */
    record Delivered(@Nullable Integer status) implements Outcome {}

    /** Failed for now (5xx, 429, timeout, connection): try again after a backoff. */
    record Retry(@Nullable Integer status, String detail) implements Outcome {}

    /** Failed for good (4xx other than 429, no address, unknown channel). */
    record Failed(@Nullable Integer status, String detail) implements Outcome {}
  }
}
