package vn.sen.synth;

/** How a population is written. */
public enum OutputFormat {
  /** One FHIR transaction Bundle per patient after one bundle of shared reference resources. */
  BUNDLES,
  /** One NDJSON file per resource type, ids assigned by the generator, plain references. */
  NDJSON
}
