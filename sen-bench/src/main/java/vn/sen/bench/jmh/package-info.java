/**
 * JMH micro-benchmarks of the write and read paths' building blocks. Built and run with {@code ./sen
 * bench --jmh} (profile {@code jmh} of sen-bench); never part of {@code ./sen test}.
 */
@NullMarked
package vn.sen.bench.jmh;

import org.jspecify.annotations.NullMarked;
