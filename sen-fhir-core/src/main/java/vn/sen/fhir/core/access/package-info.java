/**
 * Access vocabulary shared by the policy and the store: the facts about who may see a patient's record
 * that are derived from resources when they are written ({@link vn.sen.fhir.core.access.AccessFact}), and
 * the filter a caller's searches, reads and writes are held to ({@link vn.sen.fhir.core.access.AccessFilter}).
 * The policy decides what a caller's filter is; the store applies it inside every SQL statement.
 */
@NullMarked
package vn.sen.fhir.core.access;

import org.jspecify.annotations.NullMarked;
