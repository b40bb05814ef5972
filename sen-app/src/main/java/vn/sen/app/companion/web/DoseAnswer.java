package vn.sen.app.companion.web;

/** What a patient or caregiver says about one dose. */
public sealed interface DoseAnswer permits DoseAnswer.Taken, DoseAnswer.NotYet, DoseAnswer.Skipped {

  /** "Đã uống": taken now. */
  record Taken() implements DoseAnswer {}

  /** "Chưa uống": not yet; nothing happened, so nothing is written in the record. */
  record NotYet() implements DoseAnswer {}

  /** "Bỏ liều": skipped on purpose, for a reason. */
  record Skipped(SkipReason reason) implements DoseAnswer {}
}
