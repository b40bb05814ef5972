package vn.sen.synth.gen;

import vn.sen.synth.json.JsonOut;

/**
 * Where generated resources go. The generator writes each resource's fields between {@link #begin}
 * and {@link #end}; the emitter supplies the envelope (a transaction entry, or an NDJSON line with an
 * id) and the reference style (urn:uuid inside a bundle, {@code Type/id} in NDJSON).
 */
public interface Emitter {
  /** Starts a resource; the returned writer is positioned inside it, after resourceType (and id). */
  JsonOut begin(String type, String uuid);

  /** Closes the resource begun last. */
  void end();

  /** A reference to a resource of this patient's record. */
  String ref(String type, String uuid);
}
