package vn.sen.app.companion.adherence;

import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.ExpectedDose;

/**
 * An expected dose with how it ended.
 *
 * @param administrationId the MedicationAdministration that answered it, if any
 * @param reason why it was skipped, when it was
 */
public record ScoredDose(ExpectedDose dose, DoseOutcome outcome, @Nullable String administrationId,
    @Nullable String reason) {}
