package vn.sen.bench.jmh;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Resource;
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
import vn.sen.fhir.core.index.Extraction;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/** Search-value extraction per resource, the write path's indexing cost. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IndexExtractionBenchmark {
  private FhirPathIndexExtractor extractor;
  private Resource patient;
  private Resource observation;
  private Resource medicationRequest;

  @Setup
  public void setUp() {
    FhirContext fhir = FhirContext.forR4Cached();
    extractor = new FhirPathIndexExtractor(new SearchParameterRegistry(fhir));
    List<Resource> resources = SampleResources.resources(fhir);
    patient = SampleResources.first(resources, "Patient");
    observation = SampleResources.first(resources, "Observation");
    medicationRequest = SampleResources.first(resources, "MedicationRequest");
  }

  @Benchmark
  public Extraction patient() {
    return extractor.extract(patient);
  }

  @Benchmark
  public Extraction observation() {
    return extractor.extract(observation);
  }

  @Benchmark
  public Extraction medicationRequest() {
    return extractor.extract(medicationRequest);
  }
}
