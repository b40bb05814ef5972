package vn.sen.bench.jmh;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PopulationGenerator;

/** Realistic resources for the micro-benchmarks: one generated patient's record (fixed seed). */
final class SampleResources {
  private SampleResources() {}

  /** The generated patient bundle's JSON. */
  static String bundleJson() {
    return new PopulationGenerator(GeneratorOptions.defaults(1, 42)).patient(1).bundle();
  }

  /** Its resources, parsed, with urn:uuid references left as they are. */
  static List<Resource> resources(FhirContext fhir) {
    Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, bundleJson());
    List<Resource> out = new ArrayList<>();
    bundle.getEntry().forEach(e -> out.add(e.getResource()));
    return out;
  }

  static Resource first(List<Resource> resources, String type) {
    return resources.stream().filter(r -> r.fhirType().equals(type)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sample record has no " + type));
  }
}
