/**
 * Adherence measures of the medication companion: dose-level adherence from MedicationAdministration
 * against the expected doses, and the Proportion of Days Covered from MedicationDispense per the PQA
 * rules, stored as Observations and returned by {@code Patient/{id}/$adherence}. See docs/companion.md,
 * "Adherence".
 */
@NullMarked
package vn.sen.app.companion.adherence;

import org.jspecify.annotations.NullMarked;
