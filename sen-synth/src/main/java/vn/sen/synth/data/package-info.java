/**
 * Reference catalogues the generator samples from: administrative units, names, conditions, drugs,
 * observation codes. All are static tables written for Sen, apart from the administrative units (MIT,
 * see the LICENSE beside the JSON resource).
 */
@NullMarked
package vn.sen.synth.data;

import org.jspecify.annotations.NullMarked;
