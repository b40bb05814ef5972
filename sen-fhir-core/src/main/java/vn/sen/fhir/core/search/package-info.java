/**
 * Search vocabulary: the registry of every R4 search parameter, the parsed search model that both the
 * HTTP adapter and the store understand, and the parser from query strings to that model.
 *
 * @see <a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>
 */
@NullMarked
package vn.sen.fhir.core.search;

import org.jspecify.annotations.NullMarked;
