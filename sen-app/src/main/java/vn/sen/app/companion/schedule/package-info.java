/**
 * Dose schedules of the medication companion: the instruction parser ({@link
 * vn.sen.app.companion.schedule.SigParser}) and the expected doses derived from a patient's
 * MedicationRequests ({@link vn.sen.app.companion.schedule.DoseSchedules}), computed on demand from the
 * current record. See docs/companion.md, "Dose schedules".
 */
@NullMarked
package vn.sen.app.companion.schedule;

import org.jspecify.annotations.NullMarked;
