package vn.sen.app.companion.reminder;

import java.time.Instant;
import java.util.stream.Stream;

/**
 * The port through which the dose-schedule module tells reminders which doses are expected. Streams,
 * because a day of a national population is millions of doses: the planner reads them in batches and
 * closes the stream.
 */
public interface DoseFeed {

  /** A feed with no doses (until a schedule module is wired). */
  DoseFeed NONE = new DoseFeed() {
    @Override
    public Stream<ExpectedDose> expected(Instant from, Instant to) {
      return Stream.empty();
    }

    @Override
    public Stream<ExpectedDose> expectedFor(String patientId, Instant from, Instant to) {
      return Stream.empty();
    }
  };

  /** Every patient's doses due in {@code [from, to)}, in any order. The caller closes the stream. */
  Stream<ExpectedDose> expected(Instant from, Instant to);

  /** One patient's doses due in {@code [from, to)}, after the schedule changed. The caller closes it. */
  Stream<ExpectedDose> expectedFor(String patientId, Instant from, Instant to);

  /**
   * One expected dose.
   *
   * @param patientId the Patient's id
   * @param medicationRequestId the MedicationRequest the dose belongs to
   * @param due when it is due
   * @param doseLabel how much, in the patient's words, e.g. "1 viên (sáng)"; shown in the reminder
   * @param medication the medicine's plain display name, e.g. "Amlodipine 5 mg"
   */
  record ExpectedDose(String patientId, String medicationRequestId, Instant due, String doseLabel,
      String medication) {

    /** The dose's stable key in its schedule: MedicationRequest id and due instant. */
    public String doseKey() {
      return medicationRequestId + "@" + due;
    }
  }
}
