package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.fhir.core.search.ParserFixture.PARSER;
import static vn.sen.fhir.core.search.ParserFixture.def;
import static vn.sen.fhir.core.search.SearchQueryParserControlTest.assertInvalid;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryParserConditionalTest {

  private static final Criterion CCCD = new Criterion.Param(def("Patient", "identifier"), Modifier.NONE,
      List.of(SearchArg.Token.of("http://sen.vn/cccd", "001099012345")));

  @Test
  void typedConditionalUrlIsParsed() {
    SearchQuery q = PARSER.parseConditional("Patient", "Patient?identifier=http://sen.vn/cccd|001099012345");
    assertThat(q.resourceType()).isEqualTo("Patient");
    assertThat(q.criteria()).containsExactly(CCCD);
  }

  @Test
  void bareEncodedQueryIsDecoded() {
    SearchQuery q = PARSER.parseConditional("Patient",
        "identifier=http%3A%2F%2Fsen.vn%2Fcccd%7C001099012345&family=Nguy%E1%BB%85n+V%C4%83n");
    assertThat(q.criteria()).containsExactly(CCCD, new Criterion.Param(def("Patient", "family"), Modifier.NONE,
        List.of(new SearchArg.Text("Nguyễn Văn"))));
  }

  @Test
  void encodedCommaAndEscapesKeepTheirMeaning() {
    SearchQuery q = PARSER.parseConditional("Patient", "?name=a%5C%2Cb%2Cc");
    assertThat(q.criteria()).containsExactly(new Criterion.Param(def("Patient", "name"), Modifier.NONE,
        List.of(new SearchArg.Text("a,b"), new SearchArg.Text("c"))));
  }

  @Test
  void absoluteConditionalUrlIsAccepted() {
    assertThat(PARSER.parseConditional("Patient",
        "https://sen.example.vn/fhir/Patient?identifier=http://sen.vn/cccd|001099012345").criteria())
        .containsExactly(CCCD);
  }

  @Test
  void conditionalIsStrictAndNeedsACriterion() {
    assertInvalid(() -> PARSER.parseConditional("Patient", "Patient?nickname=Bé"), "nickname");
    assertInvalid(() -> PARSER.parseConditional("Patient", "Patient?"), "no search criteria");
    assertInvalid(() -> PARSER.parseConditional("Patient", "_count=1"), "no search criteria");
    assertInvalid(() -> PARSER.parseConditional("Patient", "name="), "no search criteria");
  }

  @Test
  void conditionalForAnotherTypeIsRejected() {
    assertInvalid(() -> PARSER.parseConditional("Patient", "Observation?code=x"), "Patient");
  }

  @Test
  void questionMarkInABareQueryValueIsPartOfTheValue() {
    assertThat(PARSER.parseConditional("Patient", "name=Ai?").criteria()).containsExactly(
        new Criterion.Param(def("Patient", "name"), Modifier.NONE, List.of(new SearchArg.Text("Ai?"))));
  }

  @Test
  void malformedPercentEncodingIsRejected() {
    assertInvalid(() -> PARSER.parseConditional("Patient", "name=%E1%BB"), "name");
    assertInvalid(() -> PARSER.parseConditional("Patient", "name=100%"), "100%");
    assertInvalid(() -> PARSER.parseConditional("Patient", "na%ZZme=x"), "na%ZZme");
  }

  @Test
  void unencodedUnicodeIsKeptAsWritten() {
    assertThat(PARSER.parseConditional("Patient", "family=Đỗ+𠀀&given=Hà").criteria()).containsExactly(
        new Criterion.Param(def("Patient", "family"), Modifier.NONE, List.of(new SearchArg.Text("Đỗ 𠀀"))),
        new Criterion.Param(def("Patient", "given"), Modifier.NONE, List.of(new SearchArg.Text("Hà"))));
  }

  @Test
  void queryPairsKeepOrderAndRepetition() {
    assertThat(SearchQueryParser.queryPairs("given=Lan&&family=L%C3%AA&given=Mai&_summary"))
        .containsExactly(java.util.Map.entry("given", "Lan"), java.util.Map.entry("family", "Lê"),
            java.util.Map.entry("given", "Mai"), java.util.Map.entry("_summary", ""));
  }
}
