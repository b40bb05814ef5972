package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.R4Examples;

class R4ExamplesExtractionTest {
  private static final Logger log = LoggerFactory.getLogger(R4ExamplesExtractionTest.class);

  final FhirPathIndexExtractor extractor = new FhirPathIndexExtractor(FhirPathIndexExtractorTest.REGISTRY);

  @Test
  void everyOfficialExampleParsesAndYieldsValuesWithoutErrors() {
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    List<Resource> resources = new ArrayList<>();
    List<String> unparsable = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    R4Examples.forEach(example -> {
      try {
        IBaseResource r = parser.parseResource(example.json());
        resources.add((Resource) r);
      } catch (RuntimeException e) {
        unparsable.add(example.name() + ": " + e.getMessage());
      }
    });
    long values = 0;
    for (Resource r : resources) {
      Extraction e = extractor.extract(r);
      values += e.values().size();
      if (e.values().isEmpty()) {
        empty.add(r.fhirType() + "/" + r.getIdPart());
      }
    }
    // Warm up, then measure; the figure is logged, never asserted.
    for (int round = 0; round < 3; round++) {
      for (Resource r : resources) {
        extractor.extract(r);
      }
    }
    long start = System.nanoTime();
    int rounds = 5;
    for (int round = 0; round < rounds; round++) {
      for (Resource r : resources) {
        extractor.extract(r);
      }
    }
    double micros = (System.nanoTime() - start) / 1000.0 / rounds / resources.size();
    log.info("R4 examples: {} resources, {} values, extraction {} µs/resource on average",
        resources.size(), values, String.format("%.1f", micros));

    assertThat(unparsable).isEmpty();
    assertThat(resources).hasSizeGreaterThan(2000);
    assertThat(empty).isEmpty();
  }
}
