package vn.sen.app.companion.worklist;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes that put a Task on the care team's worklist, in Sen's companion code system. A module that
 * raises something for the care team writes a Task with one of them in {@code Task.code}: the check-in
 * module {@code urgent-checkin} (priority {@code stat}), {@code side-effect} and {@code out-of-stock};
 * the risk module {@code falling-adherence} and {@code high-risk}; the access policy
 * {@code break-glass-review}. The worklist shows them in this order.
 *
 * @see <a href="https://hl7.org/fhir/R4/task.html">FHIR R4 Task</a>
 */
public enum WorklistCodes {
  URGENT_CHECKIN("urgent-checkin", "Tin nhắn khẩn cấp", "Urgent check-in"),
  SIDE_EFFECT("side-effect", "Tác dụng phụ", "Side effect"),
  OUT_OF_STOCK("out-of-stock", "Hết thuốc", "Out of stock"),
  FALLING_ADHERENCE("falling-adherence", "Tuân thủ đang giảm", "Falling adherence"),
  HIGH_RISK("high-risk", "Nguy cơ không tuân thủ cao", "High non-adherence risk"),
  /** An emergency access (break-glass) to the patient's record, for the managing organisation to review. */
  BREAK_GLASS_REVIEW("break-glass-review", "Truy cập khẩn cấp cần xem xét", "Emergency access to review");

  /** Sen's companion code system. */
  public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/companion";

  private final String code;
  private final String displayVi;
  private final String displayEn;

  WorklistCodes(String code, String displayVi, String displayEn) {
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

  /** A CodeableConcept with this code and the Vietnamese display, English in the text. */
  public CodeableConcept concept() {
    return new CodeableConcept(new Coding(SYSTEM, code, displayVi)).setText(displayVi + " / " + displayEn);
  }

  /** Whether {@code concept} carries this code in Sen's companion system. */
  public static boolean has(CodeableConcept concept, WorklistCodes wanted) {
    for (Coding c : concept.getCoding()) {
      if (SYSTEM.equals(c.getSystem()) && wanted.code.equals(c.getCode())) {
        return true;
      }
    }
    return false;
  }

  /** The worklist code a concept carries, if any. */
  public static java.util.Optional<WorklistCodes> of(CodeableConcept concept) {
    for (WorklistCodes w : values()) {
      if (has(concept, w)) {
        return java.util.Optional.of(w);
      }
    }
    return java.util.Optional.empty();
  }

  /** All codes in worklist order. */
  public static List<WorklistCodes> inOrder() {
    return List.of(values());
  }
}
