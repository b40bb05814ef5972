/**
 * Check-ins in patients' own words: {@code POST Patient/{id}/$checkin} (issue 5). {@link
 * vn.sen.app.companion.checkin.CheckinInterpreter} reads a short message (Vietnamese with or without
 * diacritics, teen-code, caregivers writing about a parent, English) offline, with rules and lexicons, into an
 * {@link vn.sen.app.companion.checkin.Interpretation}: one primary intent by clinical priority, red flags,
 * symptoms as SNOMED CT codings, the medicines and the dose it is about, and a reply in the writer's language.
 * {@link vn.sen.app.companion.checkin.CheckinRecords} plans the FHIR resources that record it, and {@link
 * vn.sen.app.companion.checkin.CheckinOperation} writes them in one transaction.
 */
@NullMarked
package vn.sen.app.companion.checkin;

import org.jspecify.annotations.NullMarked;
