/**
 * The benchmark workload behind {@code ./sen bench}: a generated population ingested as transaction
 * Bundles, then the documented search mix, reads by id and {@code Patient/$everything} at several
 * client counts, over HTTP on the loopback interface. See docs/benchmarks.md.
 */
@NullMarked
package vn.sen.bench;

import org.jspecify.annotations.NullMarked;
