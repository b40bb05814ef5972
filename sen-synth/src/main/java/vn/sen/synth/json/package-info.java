/** A small streaming JSON writer: faster than a FHIR model round trip and byte-stable across runs. */
@NullMarked
package vn.sen.synth.json;

import org.jspecify.annotations.NullMarked;
