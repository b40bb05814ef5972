/**
 * What a resource is findable by: the search values extracted at write time from each search
 * parameter's FHIRPath expression, and the fast structural write check.
 */
@NullMarked
package vn.sen.fhir.core.index;

import org.jspecify.annotations.NullMarked;
