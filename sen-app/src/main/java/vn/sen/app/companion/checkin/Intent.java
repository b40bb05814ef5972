package vn.sen.app.companion.checkin;

/**
 * What a check-in says, in the order of clinical importance the issue fixes: when a message says several
 * things the primary intent is the first of these (lowest {@link #priority()}).
 */
public enum Intent {
  UNWELL_URGENT("unwell-urgent", "Cần cấp cứu", "Unwell, urgent"),
  SIDE_EFFECT("side-effect", "Tác dụng phụ", "Side effect"),
  OUT_OF_STOCK("out-of-stock", "Hết thuốc", "Out of stock"),
  MISSED("missed", "Bỏ/quên liều", "Missed dose"),
  LATE("late", "Uống muộn", "Taken late"),
  TAKEN("taken", "Đã uống", "Taken"),
  QUESTION("question", "Câu hỏi", "Question"),
  STOP_REMINDERS("stop-reminders", "Ngừng nhắc", "Stop reminders"),
  OTHER("other", "Khác", "Other");

  /** Sen's code system for check-in intents. */
  public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/checkin-intent";

  private final String code;
  private final String displayVi;
  private final String displayEn;

  Intent(String code, String displayVi, String displayEn) {
    this.code = code;
    this.displayVi = displayVi;
    this.displayEn = displayEn;
  }

  public String code() {
    return code;
  }

  public String displayVi() {
    return displayVi;
  }

  public String displayEn() {
    return displayEn;
  }

  /** 0 is the most important. */
  public int priority() {
    return ordinal();
  }

  public static Intent fromCode(String code) {
    for (Intent i : values()) {
      if (i.code.equals(code)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unknown check-in intent " + code);
  }
}
