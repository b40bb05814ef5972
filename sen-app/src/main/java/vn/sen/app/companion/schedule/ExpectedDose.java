package vn.sen.app.companion.schedule;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One dose a patient is expected to take, derived from an active MedicationRequest.
 *
 * @param patientId the Patient's id
 * @param medicationRequestId the MedicationRequest's id
 * @param medication what identifies the medicine across prescriptions: {@code Medication/id}, {@code
 *     system|code} or the display text
 * @param medicationDisplay the medicine's name as prescribed
 * @param due when it is due
 * @param label morning, noon, evening or night
 * @param when the FHIR EventTiming code it comes from ({@code MORN}, {@code PCV}, …), or null for a clock
 *     time or an interval
 * @param amount how much, when the prescription says
 */
public record ExpectedDose(
    String patientId,
    String medicationRequestId,
    String medication,
    String medicationDisplay,
    Instant due,
    DoseLabel label,
    @Nullable String when,
    @Nullable DoseAmount amount) {}
