/** Command-line entry for {@code ./sen generate}. */
@NullMarked
package vn.sen.synth.cli;

import org.jspecify.annotations.NullMarked;
