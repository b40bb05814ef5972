/**
 * The PostgreSQL adapter of {@link vn.sen.fhir.core.FhirRepository}: schema migrations, index rows,
 * SQL search, history and transactions, in plain JDBC.
 */
@NullMarked
package vn.sen.store.pg;

import org.jspecify.annotations.NullMarked;
