package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.fhir.core.search.ParserFixture.BASE;
import static vn.sen.fhir.core.search.ParserFixture.def;
import static vn.sen.fhir.core.search.ParserFixture.only;
import static vn.sen.fhir.core.search.ParserFixture.query;
import static vn.sen.fhir.core.search.ParserFixture.strict;
import static vn.sen.fhir.core.search.SearchQueryParserControlTest.assertInvalid;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

class SearchQueryParserValueTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  // ---- string ----

  @Test
  void vietnameseStringStaysAsWritten() {
    Criterion.Param p = only("Patient", "name", "Nguyễn Văn");
    assertThat(p.param()).isEqualTo(def("Patient", "name"));
    assertThat(p.modifier()).isEqualTo(Modifier.NONE);
    assertThat(p.anyOf()).containsExactly(new SearchArg.Text("Nguyễn Văn"));
  }

  @Test
  void stringModifiersExactAndContains() {
    assertThat(only("Patient", "family:exact", "Đặng").modifier()).isEqualTo(Modifier.EXACT);
    assertThat(only("Patient", "family:contains", "ươ").modifier()).isEqualTo(Modifier.CONTAINS);
    assertThat(only("Patient", "family:contains", "ươ").anyOf()).containsExactly(new SearchArg.Text("ươ"));
  }

  @Test
  void commasOrAndRepetitionAnds() {
    SearchQuery q = query("Patient", "given", "Lan,Huệ", "given", "Mai");
    assertThat(q.criteria()).containsExactly(
        new Criterion.Param(def("Patient", "given"), Modifier.NONE,
            List.of(new SearchArg.Text("Lan"), new SearchArg.Text("Huệ"))),
        new Criterion.Param(def("Patient", "given"), Modifier.NONE, List.of(new SearchArg.Text("Mai"))));
  }

  @Test
  void escapedSeparatorsAreKeptInValues() {
    assertThat(only("Patient", "address", "Số 5\\, ngõ 3,Hà Nội").anyOf())
        .containsExactly(new SearchArg.Text("Số 5, ngõ 3"), new SearchArg.Text("Hà Nội"));
    assertThat(only("Patient", "name", "a\\\\b\\$c\\|d").anyOf()).containsExactly(new SearchArg.Text("a\\b$c|d"));
    assertThat(only("Patient", "name", "trailing\\").anyOf()).containsExactly(new SearchArg.Text("trailing\\"));
  }

  @Test
  void emptyValuesAreLeftOut() {
    assertThat(query("Patient", "name", "").criteria()).isEmpty();
    assertThat(query("Patient", "name", ",,").criteria()).isEmpty();
    assertThat(only("Patient", "name", "An,,").anyOf()).containsExactly(new SearchArg.Text("An"));
  }

  // ---- token ----

  @Test
  void tokenForms() {
    assertThat(only("Patient", "identifier", "http://sen.vn/cccd|001099012345,|abc,http://x|,plain").anyOf())
        .containsExactly(
            SearchArg.Token.of("http://sen.vn/cccd", "001099012345"),
            SearchArg.Token.of("", "abc"),
            SearchArg.Token.of("http://x", null),
            SearchArg.Token.of(null, "plain"));
  }

  @Test
  void tokenWithEscapedPipeIsOneCode() {
    assertThat(only("Observation", "code", "a\\|b").anyOf()).containsExactly(SearchArg.Token.of(null, "a|b"));
    assertThat(only("Observation", "code", "s|a\\|b").anyOf()).containsExactly(SearchArg.Token.of("s", "a|b"));
  }

  @Test
  void tokenModifiers() {
    Criterion.Param not = only("Patient", "gender:not", "male");
    assertThat(not.modifier()).isEqualTo(Modifier.NOT);
    assertThat(not.anyOf()).containsExactly(SearchArg.Token.of(null, "male"));
    Criterion.Param text = only("Observation", "code:text", "huyết áp");
    assertThat(text.modifier()).isEqualTo(Modifier.TEXT);
    assertThat(text.anyOf()).containsExactly(new SearchArg.Text("huyết áp"));
    Criterion.Param ofType = only("Patient", "identifier:of-type",
        "http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345");
    assertThat(ofType.modifier()).isEqualTo(Modifier.OF_TYPE);
    assertThat(ofType.anyOf()).containsExactly(
        new SearchArg.Token(null, "12345", "http://terminology.hl7.org/CodeSystem/v2-0203", "MR"));
  }

  @Test
  void malformedTokensAreRejected() {
    assertInvalid(() -> query("Patient", "identifier", "a|b|c"), "identifier");
    assertInvalid(() -> query("Patient", "identifier", "|"), "identifier");
    assertInvalid(() -> query("Patient", "identifier:of-type", "MR|12345"), "of-type");
    assertInvalid(() -> query("Patient", "identifier:of-type", "s||12345"), "of-type");
  }

  @Test
  void idIsATokenWithCodeOnly() {
    Criterion.Param p = only("Patient", "_id", "a1,b-2");
    assertThat(p.param().type()).isEqualTo(SearchParamType.TOKEN);
    assertThat(p.anyOf()).containsExactly(SearchArg.Token.of(null, "a1"), SearchArg.Token.of(null, "b-2"));
  }

  @Test
  void missingTakesTrueOrFalseOnEveryType() {
    for (String name : List.of("name", "gender", "birthdate", "organization", "_profile")) {
      Criterion.Param p = only("Patient", name + ":missing", "true");
      assertThat(p.modifier()).isEqualTo(Modifier.MISSING);
      assertThat(p.anyOf()).containsExactly(new SearchArg.Missing(true));
    }
    assertThat(only("Observation", "value-quantity:missing", "false").anyOf())
        .containsExactly(new SearchArg.Missing(false));
    assertInvalid(() -> query("Patient", "name:missing", "yes"), "name:missing");
  }

  // ---- date ----

  @ParameterizedTest
  @CsvSource({
      "2024, 2024-01-01T00:00:00Z, 2024-12-31T23:59:59.999Z",
      "2024-02, 2024-02-01T00:00:00Z, 2024-02-29T23:59:59.999Z",
      "2023-02-28, 2023-02-28T00:00:00Z, 2023-02-28T23:59:59.999Z",
      "2024-05-17T08:30, 2024-05-17T08:30:00Z, 2024-05-17T08:30:59.999Z",
      "2024-05-17T08:30Z, 2024-05-17T08:30:00Z, 2024-05-17T08:30:59.999Z",
      "2024-05-17T08:30:15, 2024-05-17T08:30:15Z, 2024-05-17T08:30:15.999Z",
      "2024-05-17T08:30:15+07:00, 2024-05-17T01:30:15Z, 2024-05-17T01:30:15.999Z",
      "2024-05-17T08:30:15.250Z, 2024-05-17T08:30:15.250Z, 2024-05-17T08:30:15.250Z",
      "2024-05-17T08:30:15.2-03:30, 2024-05-17T12:00:15.200Z, 2024-05-17T12:00:15.299Z",
  })
  void dateRangeFollowsPrecisionAndZone(String value, String low, String high) {
    assertThat(only("Patient", "birthdate", value).anyOf())
        .containsExactly(new SearchArg.Date(Prefix.EQ, at(low), at(high)));
  }

  @Test
  void everyDatePrefixIsRead() {
    for (Prefix prefix : Prefix.values()) {
      String written = prefix.name().toLowerCase(java.util.Locale.ROOT) + "2020-01-01";
      assertThat(only("Observation", "date", written).anyOf()).containsExactly(
          new SearchArg.Date(prefix, at("2020-01-01T00:00:00Z"), at("2020-01-01T23:59:59.999Z")));
    }
  }

  @ParameterizedTest
  @CsvSource({"2024-13", "2024-02-30", "24-01-01", "2024-05-17T25:00", "2024-05-17T08:61", "2024-05-17Z",
      "xx2024", "gt", "2024-05-17T08:30+19:00", "2024-05-17 08:30", "2024-05-17T08:30:15.1234567890",
      "2023-02-29", "yesterday"})
  void invalidDatesNameValueAndParameter(String value) {
    assertThatThrownBy(() -> query("Patient", "birthdate", value))
        .isInstanceOfSatisfying(FhirException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("Invalid date", "birthdate");
          assertThat(e.issues()).singleElement().satisfies(i -> assertThat(i.expression()).isEqualTo("birthdate"));
        });
  }

  @Test
  void invalidDateMessageIsExact() {
    assertThatThrownBy(() -> query("Patient", "birthdate", "2024-13-01"))
        .hasMessage("Invalid date '2024-13-01' for parameter 'birthdate'");
  }

  // ---- number ----

  @ParameterizedTest
  @CsvSource({
      "100, EQ, 100, 99.5, 100.5",
      "100.00, EQ, 100.00, 99.995, 100.005",
      "1e2, EQ, 1E+2, 50, 150",
      "gt0.5, GT, 0.5, 0.45, 0.55",
      "le-3, LE, -3, -3.5, -2.5",
      "ap2.50E1, AP, 25.0, 24.95, 25.05",
      "ne.5, NE, 0.5, 0.45, 0.55",
  })
  void numberRangeFollowsSignificantFigures(String value, Prefix prefix, String number, String low, String high) {
    SearchArg arg = only("RiskAssessment", "probability", value).anyOf().get(0);
    assertThat(arg).isInstanceOfSatisfying(SearchArg.Number.class, n -> {
      assertThat(n.prefix()).isEqualTo(prefix);
      assertThat(n.value()).isEqualByComparingTo(new BigDecimal(number));
      assertThat(n.low()).isEqualByComparingTo(new BigDecimal(low));
      assertThat(n.high()).isEqualByComparingTo(new BigDecimal(high));
    });
  }

  @Test
  void everyNumberPrefixIsRead() {
    for (Prefix prefix : Prefix.values()) {
      String written = prefix.name().toLowerCase(java.util.Locale.ROOT) + "7";
      assertThat(only("RiskAssessment", "probability", written).anyOf()).singleElement()
          .isInstanceOfSatisfying(SearchArg.Number.class, n -> {
            assertThat(n.prefix()).isEqualTo(prefix);
            assertThat(n.value()).isEqualByComparingTo("7");
          });
      assertThat(only("Observation", "value-quantity", written + "||kg").anyOf()).singleElement()
          .isInstanceOfSatisfying(SearchArg.Quantity.class, q -> assertThat(q.prefix()).isEqualTo(prefix));
    }
  }

  @ParameterizedTest
  @CsvSource({"abc", "1..2", "gt", "1e", "0x10", "1e99999", "NaN", "Infinity", "'1,5e'"})
  void invalidNumbersAreRejected(String value) {
    assertInvalid(() -> query("RiskAssessment", "probability", value), "probability");
  }

  // ---- quantity ----

  @Test
  void quantityForms() {
    assertThat(only("Observation", "value-quantity", "gt5.4|http://unitsofmeasure.org|mg").anyOf())
        .singleElement().isInstanceOfSatisfying(SearchArg.Quantity.class, q -> {
          assertThat(q.prefix()).isEqualTo(Prefix.GT);
          assertThat(q.value()).isEqualByComparingTo("5.4");
          assertThat(q.low()).isEqualByComparingTo("5.35");
          assertThat(q.high()).isEqualByComparingTo("5.45");
          assertThat(q.system()).isEqualTo("http://unitsofmeasure.org");
          assertThat(q.code()).isEqualTo("mg");
        });
    assertThat(only("Observation", "value-quantity", "5.4||mmol/L").anyOf()).singleElement()
        .isInstanceOfSatisfying(SearchArg.Quantity.class, q -> {
          assertThat(q.system()).isNull();
          assertThat(q.code()).isEqualTo("mmol/L");
        });
    assertThat(only("Observation", "value-quantity", "140").anyOf()).singleElement()
        .isInstanceOfSatisfying(SearchArg.Quantity.class, q -> {
          assertThat(q.prefix()).isEqualTo(Prefix.EQ);
          assertThat(q.system()).isNull();
          assertThat(q.code()).isNull();
        });
  }

  @Test
  void malformedQuantitiesAreRejected() {
    assertInvalid(() -> query("Observation", "value-quantity", "5.4|mg"), "value-quantity");
    assertInvalid(() -> query("Observation", "value-quantity", "many||mg"), "value-quantity");
    assertInvalid(() -> query("Observation", "value-quantity", "1|a|b|c"), "value-quantity");
  }

  // ---- reference ----

  @Test
  void referenceForms() {
    assertThat(only("Observation", "subject",
        "Patient/p1,p2,Patient/p3/_history/4," + BASE + "/Patient/p5,http://other.vn/fhir/Patient/9").anyOf())
        .containsExactly(
            new SearchArg.Reference("Patient", "p1", null),
            new SearchArg.Reference(null, "p2", null),
            new SearchArg.Reference("Patient", "p3", null),
            new SearchArg.Reference("Patient", "p5", null),
            new SearchArg.Reference(null, null, "http://other.vn/fhir/Patient/9"));
  }

  @Test
  void canonicalReferenceKeepsVersion() {
    assertThat(only("QuestionnaireResponse", "questionnaire", "http://sen.vn/Questionnaire/phq9|2.0").anyOf())
        .containsExactly(new SearchArg.Reference(null, null, "http://sen.vn/Questionnaire/phq9|2.0"));
  }

  @Test
  void typeModifierTypesBareIds() {
    Criterion.Param p = only("Observation", "subject:Patient", "p1,Patient/p2");
    assertThat(p.modifier()).isEqualTo(Modifier.TYPE);
    assertThat(p.anyOf()).containsExactly(
        new SearchArg.Reference("Patient", "p1", null), new SearchArg.Reference("Patient", "p2", null));
  }

  @Test
  void typeModifierMustMatchValueAndTargets() {
    assertInvalid(() -> query("Observation", "subject:Patient", "Group/g1"), "Group/g1");
    assertInvalid(() -> query("Observation", "subject:Practitioner", "x"), "Practitioner");
  }

  @Test
  void identifierModifierGivesTokens() {
    Criterion.Param p = only("Observation", "subject:identifier", "http://sen.vn/cccd|001099012345");
    assertThat(p.modifier()).isEqualTo(Modifier.IDENTIFIER);
    assertThat(p.anyOf()).containsExactly(SearchArg.Token.of("http://sen.vn/cccd", "001099012345"));
  }

  @Test
  void malformedReferencesAreRejected() {
    for (String value : List.of("Unicorn/1", "Patient/", "a/b/c", "Patient/1/_history", "bad id", "Patient/ä",
        BASE + "/p1", BASE + "/Unicorn/1")) {
      assertInvalid(() -> query("Observation", "subject", value), "subject");
    }
  }

  // ---- uri ----

  @Test
  void uriAndItsModifiers() {
    assertThat(only("ValueSet", "url", "http://sen.vn/ValueSet/dan-toc").anyOf())
        .containsExactly(new SearchArg.Uri("http://sen.vn/ValueSet/dan-toc"));
    assertThat(only("ValueSet", "url:below", "http://sen.vn/").modifier()).isEqualTo(Modifier.BELOW);
    assertThat(only("ValueSet", "url:above", "http://sen.vn/ValueSet/x/y").modifier()).isEqualTo(Modifier.ABOVE);
    assertThat(only("Patient", "_profile", "http://sen.vn/StructureDefinition/vn-patient").anyOf())
        .containsExactly(new SearchArg.Uri("http://sen.vn/StructureDefinition/vn-patient"));
  }

  // ---- composite ----

  @Test
  void compositeComponentsAreParsedByTheirTypes() {
    Criterion.Param p = only("Observation", "code-value-quantity",
        "http://loinc.org|8480-6$gt140|http://unitsofmeasure.org|mm[Hg]");
    assertThat(p.param()).isEqualTo(def("Observation", "code-value-quantity"));
    assertThat(p.anyOf()).singleElement().isInstanceOfSatisfying(SearchArg.Composite.class, c -> {
      assertThat(c.components().get(0)).isEqualTo(SearchArg.Token.of("http://loinc.org", "8480-6"));
      assertThat(c.components().get(1)).isInstanceOfSatisfying(SearchArg.Quantity.class, q -> {
        assertThat(q.prefix()).isEqualTo(Prefix.GT);
        assertThat(q.value()).isEqualByComparingTo("140");
        assertThat(q.code()).isEqualTo("mm[Hg]");
      });
    });
    assertThat(only("Observation", "code-value-date", "8302-2$ge2024-01").anyOf()).singleElement()
        .isInstanceOfSatisfying(SearchArg.Composite.class,
            c -> assertThat(c.components().get(1)).isEqualTo(
                new SearchArg.Date(Prefix.GE, at("2024-01-01T00:00:00Z"), at("2024-01-31T23:59:59.999Z"))));
    assertThat(only("Observation", "code-value-string", "x$a\\$b,y$c").anyOf()).containsExactly(
        new SearchArg.Composite(List.of(SearchArg.Token.of(null, "x"), new SearchArg.Text("a$b"))),
        new SearchArg.Composite(List.of(SearchArg.Token.of(null, "y"), new SearchArg.Text("c"))));
  }

  @Test
  void compositeNeedsOnePartPerComponent() {
    assertInvalid(() -> query("Observation", "code-value-quantity", "8480-6"), "code-value-quantity");
    assertInvalid(() -> query("Observation", "code-value-quantity", "a$1$2"), "code-value-quantity");
    assertInvalid(() -> query("Observation", "code-value-quantity", "8480-6$"), "code-value-quantity");
    assertInvalid(() -> query("Observation", "code-value-date", "8480-6$soon"), "code-value-date");
  }

  @Test
  void strictAndLenientAgreeOnWellFormedQueries() {
    String[] params = {"name", "Phạm", "birthdate", "ge1950", "_count", "10"};
    assertThat(strict("Patient", params).query()).isEqualTo(ParserFixture.lenient("Patient", params).query());
  }
}
