package vn.sen.app.companion.reminder;

import java.sql.SQLException;

/** The reminder tables could not be read or written (a database failure, not bad input). */
public final class ReminderStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReminderStoreException(String what, SQLException cause) {
    super(what + " failed: " + cause.getMessage(), cause);
  }
}
