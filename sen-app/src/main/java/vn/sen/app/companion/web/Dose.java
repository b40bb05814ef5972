package vn.sen.app.companion.web;

import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One expected dose as the pages show it.
 *
 * @param id stable id of the dose: {@code MedicationRequestId@yyyy-MM-ddTHH:mm}
 * @param medicine plain medicine name
 * @param purpose what it is for, in the record's words, when the record says
 * @param purposeClass message key of the medicine's class ("thuốc huyết áp"), when the record says nothing
 * @param instruction how to take it ("1 viên, sau ăn"), when the prescription says
 * @param time scheduled local time (Asia/Ho_Chi_Minh)
 * @param status what happened
 */
public record Dose(
    String id, String medicine, @Nullable String purpose, @Nullable String purposeClass,
    @Nullable String instruction, LocalDateTime time, DoseStatus status) {

  /** Whether the patient may still answer. */
  public boolean open() {
    return status == DoseStatus.PENDING;
  }

  /** Message key of the part of the day ({@code companion.part.morning} …). */
  public String partOfDay() {
    int hour = time.getHour();
    String part = hour < 11 ? "morning" : hour < 13 ? "noon" : hour < 18 ? "afternoon" : "evening";
    return "companion.part." + part;
  }
}
