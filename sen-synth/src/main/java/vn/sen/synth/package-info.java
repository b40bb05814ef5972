/**
 * Synthetic Vietnamese population generator: {@link vn.sen.synth.PopulationGenerator} writes FHIR R4
 * transaction Bundles or NDJSON for people who do not exist, deterministically from a seed, with a
 * separate ground-truth file for the latent behaviour that drives the data.
 */
@NullMarked
package vn.sen.synth;

import org.jspecify.annotations.NullMarked;
