/**
 * The deployable Sen application: Spring Boot wiring of the store, the FHIR REST adapter, the embedded
 * PostgreSQL and configuration. Sub-packages are Sen's domain modules ({@code platform}, …) and the
 * command line ({@code cli}).
 */
@NullMarked
package vn.sen.app;

import org.jspecify.annotations.NullMarked;
