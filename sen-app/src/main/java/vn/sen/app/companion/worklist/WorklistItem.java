package vn.sen.app.companion.worklist;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of the worklist: an open Task with the companion code that put it there.
 *
 * @param patientName the patient's name as recorded, for the care team's page (never logged)
 */
public record WorklistItem(
    String taskId,
    WorklistCodes code,
    String priority,
    String status,
    @Nullable String patientId,
    @Nullable String patientName,
    @Nullable String description,
    @Nullable Instant authoredOn,
    @Nullable String owner) {}
