/** The per-patient and shared-resource generators; internal to the synth module. */
@NullMarked
package vn.sen.synth.gen;

import org.jspecify.annotations.NullMarked;
