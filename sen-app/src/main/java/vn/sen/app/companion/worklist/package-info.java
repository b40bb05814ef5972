/**
 * The care team's worklist: open Tasks raised by the companion (urgent check-ins, side effects,
 * out-of-stock, falling adherence, high risk) for an organisation or care team, most urgent first, with
 * the actions acknowledge, assign and close. docs/companion.md, "The care team's worklist".
 */
@NullMarked
package vn.sen.app.companion.worklist;

import org.jspecify.annotations.NullMarked;
