package vn.sen.app.companion.schedule;

import org.jspecify.annotations.Nullable;

/**
 * An active prescription from which no doses could be derived: the prescriber is asked (a Task, see
 * {@link ScheduleFlags}) instead of a schedule being guessed.
 *
 * @param medicationRequestId the MedicationRequest's id
 * @param versionId its version (a changed prescription is looked at again)
 * @param requester who prescribed it ({@code Practitioner/…}), when recorded
 * @param reason why, in English
 */
public record ScheduleProblem(
    String medicationRequestId, long versionId, @Nullable String requester, String reason) {}
