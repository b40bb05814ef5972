/**
 * Real PostgreSQL 17 started from the binaries published on Maven Central (zonky), so that Sen runs with
 * zero set-up and tests run on the same database engine as production. Entry point: {@link
 * vn.sen.store.pg.embedded.EmbeddedPostgres#start(java.nio.file.Path)}.
 */
@NullMarked
package vn.sen.store.pg.embedded;

import org.jspecify.annotations.NullMarked;
