/**
 * Store administration from the command line: {@code ./sen store reindex} derives the search index rows,
 * patient compartments and access facts of stored resources again with Sen's current rules ({@link
 * vn.sen.store.pg.StoreReindex}; docs/operations.md "Reindexing").
 */
@NullMarked
package vn.sen.app.store;

import org.jspecify.annotations.NullMarked;
