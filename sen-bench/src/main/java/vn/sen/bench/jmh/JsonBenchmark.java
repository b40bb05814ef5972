package vn.sen.bench.jmh;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HAPI FHIR JSON parse and encode of one patient's transaction Bundle (about 120 resources): the
 * per-write parsing cost and the encode that stores canonical JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonBenchmark {
  private IParser parser;
  private String json;
  private Bundle bundle;

  @Setup
  public void setUp() {
    parser = FhirContext.forR4Cached().newJsonParser();
    json = SampleResources.bundleJson();
    bundle = parser.parseResource(Bundle.class, json);
  }

  @Benchmark
  public Bundle parseBundle() {
    return parser.parseResource(Bundle.class, json);
  }

  @Benchmark
  public String encodeBundle() {
    return parser.encodeResourceToString(bundle);
  }
}
