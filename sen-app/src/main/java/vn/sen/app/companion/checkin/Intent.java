package vn.sen.app.companion.checkin;

/**
 * What a check-in says, in the order of clinical importance the issue fixes: when a message says several
 * things the primary intent is the first of these (lowest {@link #priority()}).
 */
public enum Intent implements Term.Termed {
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

  private final Term term;

  Intent(String code, String displayVi, String displayEn) {
    this.term = Term.of(code, null, displayEn, displayVi);
  }

  @Override
  public Term term() {
    return term;
  }

  public String displayVi() {
    return term.vi();
  }

  public String displayEn() {
    return term.en();
  }

  /** 0 is the most important. */
  public int priority() {
    return ordinal();
  }

  public static Intent fromCode(String code) {
    return Term.byCode(Intent.class, code);
  }
}
