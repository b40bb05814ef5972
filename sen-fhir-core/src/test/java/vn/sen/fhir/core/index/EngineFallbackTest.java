package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;

class EngineFallbackTest {
  static final SearchParameterRegistry REGISTRY = FhirPathIndexExtractorTest.REGISTRY;

  static SearchParamDef param(String code, String expression) {
    return new SearchParamDef("Patient", code, SearchParamType.TOKEN, expression, "urn:test:" + code,
        Set.of(), List.of(), false, code.hashCode());
  }

  static final SearchParamDef MANY_GIVEN = param("many-given", "Patient.name.given.count() > 1");
  static final SearchParamDef UNPARSABLE = param("unparsable", "Patient.name.(((");
  static final SearchParamDef FAILING = param("failing", "Patient.name.single().family");

  static FhirPathIndexExtractor extractor() {
    List<SearchParamDef> patientParams = new ArrayList<>(REGISTRY.forType("Patient").values());
    patientParams.addAll(List.of(MANY_GIVEN, UNPARSABLE, FAILING));
    return new FhirPathIndexExtractor(REGISTRY, Set.of(),
        type -> type.equals("Patient") ? patientParams : REGISTRY.forType(type).values());
  }

  static Patient twoNames() {
    Patient p = new Patient();
    p.setId("p1");
    p.addName().setFamily("Trần").addGiven("Văn").addGiven("Bình");
    p.addName().setFamily("Tran");
    return p;
  }

  @Test
  void expressionBeyondTheFastSubsetRunsOnHapisEngine() {
    FhirPathIndexExtractor extractor = extractor();

    Extraction e = extractor.extract(twoNames());

    assertThat(extractor.usesFastPath(MANY_GIVEN)).isFalse();
    assertThat(FhirPathIndexExtractorTest.values(e, "many-given")).containsExactly(IndexValue.Token.of(null, "true"));
  }

  @Test
  void unparsableOrFailingExpressionIsSkippedAndTheRestIsExtracted() {
    FhirPathIndexExtractor extractor = extractor();

    Extraction e = extractor.extract(twoNames());

    assertThat(extractor.isEvaluable(UNPARSABLE)).isFalse();
    assertThat(FhirPathIndexExtractorTest.values(e, "unparsable")).isEmpty();
    assertThat(FhirPathIndexExtractorTest.values(e, "failing")).isEmpty();
    assertThat(FhirPathIndexExtractorTest.values(e, "family"))
        .containsExactly(new IndexValue.Text("Trần"), new IndexValue.Text("Tran"));
    assertThat(e.patientCompartment()).isEqualTo("p1");
  }

  @Test
  void fastParserRefusesWhatItDoesNotImplement() {
    assertThatThrownBy(() -> FastPathParser.parse("Patient.name.given.count() > 1"))
        .isInstanceOf(FastPathParser.Unsupported.class);
    assertThatThrownBy(() -> FastPathParser.parse("Patient.name.select(given)"))
        .isInstanceOf(FastPathParser.Unsupported.class);
    assertThatThrownBy(() -> FastPathParser.parse("Observation.subject.resolve().name"))
        .isInstanceOf(FastPathParser.Unsupported.class);
  }
}
