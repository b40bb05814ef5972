/**
 * {@code ./sen load}: puts transaction/batch Bundles and NDJSON files into a running Sen over its FHIR
 * REST API, with a progress bar, a resumable journal, and bad files reported and skipped.
 */
@NullMarked
package vn.sen.app.load;

import org.jspecify.annotations.NullMarked;
