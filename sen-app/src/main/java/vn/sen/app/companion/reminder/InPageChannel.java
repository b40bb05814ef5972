package vn.sen.app.companion.reminder;

import java.util.Collections;
import java.util.List;

/**
 * The in-page channel: "sending" puts the reminder into the recipient's inbox, which the companion page
 * polls ({@link InPageInbox}) and shows, as a Web notification where the browser allows. Reading it
 * there marks it delivered.
 */
public final class InPageChannel implements ReminderChannel {
  public static final String NAME = "in-page";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean needsRecipient() {
    return false;
  }

  @Override
  public List<Outcome> send(List<OutgoingReminder> batch) {
    return Collections.nCopies(batch.size(), new Outcome.Sent());
  }
}
