package vn.sen.app.companion.schedule;

import java.util.List;

/**
 * A patient's expected doses over a time range, and the active prescriptions from which none could be
 * derived (to be flagged for the prescriber, never guessed).
 */
public record PatientSchedule(String patientId, List<ExpectedDose> doses, List<ScheduleProblem> problems) {
  public PatientSchedule {
    doses = List.copyOf(doses);
    problems = List.copyOf(problems);
  }
}
