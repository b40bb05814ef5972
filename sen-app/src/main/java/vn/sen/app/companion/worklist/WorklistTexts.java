package vn.sen.app.companion.worklist;

import java.util.Locale;
import java.util.Map;

/** The worklist page's words: Vietnamese, and English when the page language is English. */
final class WorklistTexts {
  private static final Map<String, String> VI = Map.ofEntries(
      Map.entry("title", "Danh sách việc cần làm của nhóm chăm sóc"),
      Map.entry("lang.switch", "English"),
      Map.entry("lang.code", "en"),
      Map.entry("party", "Cơ sở hoặc nhóm chăm sóc (Organization/… hoặc CareTeam/…)"),
      Map.entry("show", "Xem"),
      Map.entry("empty", "Không có việc nào đang chờ."),
      Map.entry("col.what", "Việc"),
      Map.entry("col.patient", "Người bệnh"),
      Map.entry("col.detail", "Chi tiết"),
      Map.entry("col.since", "Từ lúc"),
      Map.entry("col.status", "Trạng thái"),
      Map.entry("col.actions", "Thao tác"),
      Map.entry("acknowledge", "Đã xem"),
      Map.entry("assign", "Giao cho"),
      Map.entry("assign.placeholder", "Practitioner/…"),
      Map.entry("close", "Đóng"),
      Map.entry("record", "Hồ sơ"),
      Map.entry("error", "Không thực hiện được"),
      Map.entry("priority.stat", "khẩn cấp"),
      Map.entry("priority.asap", "càng sớm càng tốt"),
      Map.entry("priority.urgent", "gấp"),
      Map.entry("priority.routine", "thường quy"),
      Map.entry("status.requested", "mới"),
      Map.entry("status.accepted", "đã nhận"),
      Map.entry("status.in-progress", "đang làm"));
  private static final Map<String, String> EN = Map.ofEntries(
      Map.entry("title", "Care team worklist"),
      Map.entry("lang.switch", "Tiếng Việt"),
      Map.entry("lang.code", "vi"),
      Map.entry("party", "Organisation or care team (Organization/… or CareTeam/…)"),
      Map.entry("show", "Show"),
      Map.entry("empty", "Nothing is waiting."),
      Map.entry("col.what", "What"),
      Map.entry("col.patient", "Patient"),
      Map.entry("col.detail", "Detail"),
      Map.entry("col.since", "Since"),
      Map.entry("col.status", "Status"),
      Map.entry("col.actions", "Actions"),
      Map.entry("acknowledge", "Acknowledge"),
      Map.entry("assign", "Assign to"),
      Map.entry("assign.placeholder", "Practitioner/…"),
      Map.entry("close", "Close"),
      Map.entry("record", "Record"),
      Map.entry("error", "Could not be done"),
      Map.entry("priority.stat", "stat"),
      Map.entry("priority.asap", "asap"),
      Map.entry("priority.urgent", "urgent"),
      Map.entry("priority.routine", "routine"),
      Map.entry("status.requested", "new"),
      Map.entry("status.accepted", "accepted"),
      Map.entry("status.in-progress", "in progress"));

  private WorklistTexts() {}

  static boolean english(Locale locale) {
    return locale.getLanguage().equals("en");
  }

  static Map<String, String> of(Locale locale) {
    return english(locale) ? EN : VI;
  }
}
