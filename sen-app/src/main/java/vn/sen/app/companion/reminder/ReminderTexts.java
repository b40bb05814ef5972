package vn.sen.app.companion.reminder;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The words of reminders: Vietnamese by default, English when the recipient prefers it. They name the
 * medicine and the time, never the patient (a phone's lock screen shows them).
 */
public final class ReminderTexts {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
  private final ZoneId zone;

  public ReminderTexts(ZoneId zone) {
    this.zone = zone;
  }

  /** The text for a reminder in {@code language} ({@code en}, else Vietnamese). */
  public String text(OutgoingReminder r, String language) {
    return r.escalation()
        ? escalation(language, r.medication(), r.doseLabel(), r.doseDue())
        : dose(language, r.medication(), r.doseLabel(), r.doseDue());
  }

  public String dose(String language, String medication, String label, Instant due) {
    String at = HOUR.format(due.atZone(zone));
    return "en".equals(language)
        ? "Time for your medicine (" + at + "): " + medication + ", " + label
            + ". Tap \"Taken\" in Sen when you have taken it."
        : "Đến giờ uống thuốc (" + at + "): " + medication + ", " + label
            + ". Uống xong, bấm \"Đã uống\" trong Sen.";
  }

  public String escalation(String language, String medication, String label, Instant due) {
    String at = HOUR.format(due.atZone(zone));
    return "en".equals(language)
        ? "The person you care for has not confirmed the " + at + " dose of " + medication + " (" + label
            + "). Please check on them."
        : "Người thân bạn chăm sóc chưa xác nhận liều thuốc " + medication + " (" + label + ") lúc " + at
            + ". Xin hãy hỏi thăm.";
  }
}
