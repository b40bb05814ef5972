package vn.sen.bench.jmh;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import vn.sen.fhir.core.search.ParsedSearch;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;

/** Parsing a search of the documented mix into Sen's search model (before SQL is compiled). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchParseBenchmark {
  private SearchQueryParser parser;
  private List<Map.Entry<String, String>> observationQuery;
  private List<Map.Entry<String, String>> medicationQuery;

  @Setup
  public void setUp() {
    parser = new SearchQueryParser(new SearchParameterRegistry(FhirContext.forR4Cached()), Set.of());
    observationQuery = SearchQueryParser.queryPairs(
        "subject=Patient/abc&code=http://loinc.org|85354-9&date=ge2024-01-01");
    medicationQuery = SearchQueryParser.queryPairs(
        "subject=Patient/abc&status=active&_include=MedicationRequest:medication");
  }

  @Benchmark
  public ParsedSearch observationByPatientCodeDate() {
    return parser.parse("Observation", observationQuery, false);
  }

  @Benchmark
  public ParsedSearch medicationRequestsWithInclude() {
    return parser.parse("MedicationRequest", medicationQuery, false);
  }
}
