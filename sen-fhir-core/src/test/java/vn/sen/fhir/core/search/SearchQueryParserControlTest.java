package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.fhir.core.search.ParserFixture.PARSER;
import static vn.sen.fhir.core.search.ParserFixture.def;
import static vn.sen.fhir.core.search.ParserFixture.lenient;
import static vn.sen.fhir.core.search.ParserFixture.params;
import static vn.sen.fhir.core.search.ParserFixture.query;
import static vn.sen.fhir.core.search.ParserFixture.strict;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;

class SearchQueryParserControlTest {

  @Test
  void emptyRequestGivesFirstPageOfDefaultSizeWithoutTotal() {
    SearchQuery q = query("Patient");
    assertThat(q.resourceType()).isEqualTo("Patient");
    assertThat(q.count()).isEqualTo(20);
    assertThat(q.offset()).isZero();
    assertThat(q.total()).isEqualTo(TotalMode.NONE);
    assertThat(q.criteria()).isEmpty();
    assertThat(q.compartment()).isNull();
    assertThat(q.summaryCount()).isFalse();
  }

  @Test
  void countOffsetAndTotalAreRead() {
    SearchQuery q = query("Patient", "_count", "50", "_offset", "100", "_total", "accurate");
    assertThat(q.count()).isEqualTo(50);
    assertThat(q.offset()).isEqualTo(100);
    assertThat(q.total()).isEqualTo(TotalMode.ACCURATE);
    assertThat(query("Patient", "_total", "estimate").total()).isEqualTo(TotalMode.ESTIMATE);
    assertThat(query("Patient", "_total", "none").total()).isEqualTo(TotalMode.NONE);
  }

  @Test
  void emptyPagingValuesKeepTheDefaults() {
    SearchQuery q = query("Patient", "_count", "", "_offset", "", "_total", "", "_sort", "");
    assertThat(q.count()).isEqualTo(20);
    assertThat(q.offset()).isZero();
    assertThat(q.total()).isEqualTo(TotalMode.NONE);
    assertThat(q.sort()).isEmpty();
  }

  @Test
  void countZeroIsAllowed() {
    assertThat(query("Patient", "_count", "0").count()).isZero();
  }

  @Test
  void countAboveMaximumIsCappedWithWarningEvenWhenStrict() {
    ParsedSearch parsed = strict("Patient", "_count", "5000");
    assertThat(parsed.query().count()).isEqualTo(1000);
    assertThat(parsed.ignored()).singleElement()
        .satisfies(i -> {
          assertThat(i.severity()).isEqualTo("warning");
          assertThat(i.diagnostics()).contains("_count=5000", "1000");
        });
    assertThat(lenient("Patient", "_count", "99999999999999999999").query().count()).isEqualTo(1000);
  }

  @Test
  void malformedControlValuesAreRejectedEvenWhenLenient() {
    assertInvalid(() -> lenient("Patient", "_count", "-1"), "_count");
    assertInvalid(() -> lenient("Patient", "_count", "ten"), "_count");
    assertInvalid(() -> lenient("Patient", "_offset", "-5"), "_offset");
    assertInvalid(() -> lenient("Patient", "_offset", "1e3"), "_offset");
    assertInvalid(() -> lenient("Patient", "_total", "all"), "_total");
  }

  @Test
  void summaryCountIsFlaggedAndOtherPresentationParametersPassSilently() {
    ParsedSearch parsed = strict("Patient", "_summary", "count", "_elements", "name", "_format", "json",
        "_pretty", "true", "_contained", "both", "_containedType", "container");
    assertThat(parsed.query().summaryCount()).isTrue();
    assertThat(parsed.ignored()).isEmpty();
    assertThat(parsed.query().criteria()).isEmpty();
    assertThat(query("Patient", "_summary", "true").summaryCount()).isFalse();
  }

  @Test
  void sortKeysKeepOrderAndDirection() {
    SearchQuery q = query("Patient", "_sort", "family,-birthdate", "_sort", "_lastUpdated");
    assertThat(q.sort()).containsExactly(
        new SortSpec(def("Patient", "family"), false),
        new SortSpec(def("Patient", "birthdate"), true),
        new SortSpec(def("Patient", "_lastUpdated"), false));
  }

  @Test
  void unknownSortKeyIsRejectedEvenWhenLenient() {
    assertInvalid(() -> lenient("Patient", "_sort", "-shoe-size"), "shoe-size");
    assertInvalid(() -> lenient("Patient", "_sort", "-"), "_sort");
  }

  @Test
  void unknownParameterIsIgnoredWithWarningWhenLenient() {
    ParsedSearch parsed = lenient("Patient", "x", "1", "family", "Trần");
    assertThat(parsed.ignored()).containsExactly(
        Issue.warning("not-supported", "Unknown search parameter 'x' for Patient was ignored", "x"));
    assertThat(parsed.query().criteria()).hasSize(1);
  }

  @Test
  void unknownParameterIsRejectedWhenStrict() {
    assertThatThrownBy(() -> strict("Patient", "x", "1"))
        .isInstanceOfSatisfying(FhirException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.getMessage()).isEqualTo("Unknown search parameter 'x' for Patient");
          assertThat(e.issues()).singleElement().extracting(Issue::expression).isEqualTo("x");
        });
  }

  @Test
  void unknownModifierIsIgnoredWhenLenientAndRejectedWhenStrict() {
    ParsedSearch parsed = lenient("Patient", "name:sounds-like", "Lan");
    assertThat(parsed.query().criteria()).isEmpty();
    assertThat(parsed.ignored()).singleElement().satisfies(i -> {
      assertThat(i.diagnostics()).contains("sounds-like", "name", "was ignored");
      assertThat(i.expression()).isEqualTo("name:sounds-like");
    });
    assertInvalid(() -> strict("Patient", "name:sounds-like", "Lan"), "sounds-like");
    assertInvalid(() -> strict("Patient", "birthdate:exact", "2000"), "exact");
  }

  @Test
  void modifiersOfAnotherTypeAreUnknown() {
    for (String[] nameAndType : new String[][] {{"name:text", "Patient"}, {"gender:exact", "Patient"},
        {"organization:not", "Patient"}, {"birthdate:below", "Patient"}, {"_profile:identifier", "Patient"},
        {"value-quantity:contains", "Observation"}, {"code-value-quantity:exact", "Observation"}}) {
      ParsedSearch parsed = lenient(nameAndType[1], nameAndType[0], "x");
      assertThat(parsed.query().criteria()).as(nameAndType[0]).isEmpty();
      assertThat(parsed.ignored()).as(nameAndType[0]).singleElement()
          .satisfies(i -> assertThat(i.diagnostics()).startsWith("Unknown modifier"));
    }
  }

  @Test
  void lenientParseReportsEveryIgnoredParameterInOrderAndKeepsTheRest() {
    ParsedSearch parsed = lenient("Patient", "a", "1", "family", "Hoàng", "_filter", "x", "name:fuzzy", "y",
        "birthdate", "lt2000");
    assertThat(parsed.ignored()).extracting(Issue::expression).containsExactly("a", "_filter", "name:fuzzy");
    assertThat(parsed.ignored()).allSatisfy(i -> {
      assertThat(i.severity()).isEqualTo("warning");
      assertThat(i.code()).isEqualTo("not-supported");
    });
    assertThat(parsed.query().criteria()).extracting(c -> ((Criterion.Param) c).param().code())
        .containsExactly("family", "birthdate");
  }

  @Test
  void systemSearchNamesItselfInWarnings() {
    assertThat(PARSER.parse(null, params("x", "1"), false).ignored()).containsExactly(Issue.warning(
        "not-supported", "Unknown search parameter 'x' for a system-level search was ignored", "x"));
  }

  @Test
  void unsupportedSpecialParametersAreIgnoredWhenLenientAndRejectedWhenStrict() {
    for (String name : List.of("_list", "_text", "_content", "_filter", "_query")) {
      ParsedSearch parsed = lenient("Patient", name, "abc");
      assertThat(parsed.ignored()).singleElement()
          .satisfies(i -> assertThat(i.diagnostics())
              .isEqualTo("Unsupported search parameter '" + name + "' was ignored"));
      assertInvalid(() -> strict("Patient", name, "abc"), name);
    }
    assertThat(lenient("Location", "near", "10.8|106.6|5|km").ignored()).hasSize(1);
  }

  @Test
  void tokenModifiersOutsideSensScopeAreReportedAsUnsupported() {
    for (String modifier : List.of("in", "not-in", "above", "below")) {
      ParsedSearch parsed = lenient("Observation", "code:" + modifier, "http://x/ValueSet/y");
      assertThat(parsed.query().criteria()).isEmpty();
      assertThat(parsed.ignored()).singleElement()
          .satisfies(i -> assertThat(i.diagnostics()).isEqualTo(
              "Unsupported modifier ':" + modifier + "' on search parameter 'code' for Observation was ignored"));
      assertInvalid(() -> strict("Observation", "code:" + modifier, "x"), modifier);
    }
  }

  @Test
  void includesAndRevIncludesAreResolved() {
    SearchQuery q = query("MedicationRequest",
        "_include", "MedicationRequest:patient",
        "_include", "MedicationRequest:requester:Practitioner",
        "_include:iterate", "Patient:general-practitioner",
        "_revinclude", "Provenance:target",
        "_revinclude:recurse", "Observation:has-member");
    assertThat(q.includes()).containsExactly(
        new IncludeSpec("MedicationRequest", def("MedicationRequest", "patient"), null, false),
        new IncludeSpec("MedicationRequest", def("MedicationRequest", "requester"), "Practitioner", false),
        new IncludeSpec("Patient", def("Patient", "general-practitioner"), null, true));
    assertThat(q.revIncludes()).containsExactly(
        new IncludeSpec("Provenance", def("Provenance", "target"), null, false),
        new IncludeSpec("Observation", def("Observation", "has-member"), null, true));
  }

  @Test
  void wildcardIncludesCoverEveryReference() {
    SearchQuery q = query("Encounter", "_include", "*", "_include", "Encounter:*", "_revinclude", "*");
    assertThat(q.includes()).containsExactly(
        new IncludeSpec("Encounter", null, null, false), new IncludeSpec("Encounter", null, null, false));
    assertThat(q.revIncludes()).containsExactly(new IncludeSpec("*", null, null, false));
  }

  @Test
  void badIncludesAreRejectedEvenWhenLenient() {
    assertInvalid(() -> lenient("Patient", "_include", "Patient:nickname"), "nickname");
    assertInvalid(() -> lenient("Patient", "_include", "Patient:name"), "name");
    assertInvalid(() -> lenient("Patient", "_include", "Nobody:subject"), "Nobody");
    assertInvalid(() -> lenient("Patient", "_include", "Patient"), "Patient");
    assertInvalid(() -> lenient("Patient", "_include", "Patient:organization:Patient"), "Patient");
    assertInvalid(() -> lenient("Patient", "_revinclude", "Observation:nothing"), "nothing");
  }

  @Test
  void unknownIncludeModifierIsIgnoredOrRejected() {
    assertThat(lenient("Patient", "_include:deep", "Patient:organization").query().includes()).isEmpty();
    assertInvalid(() -> strict("Patient", "_include:deep", "Patient:organization"), "deep");
  }

  @Test
  void systemSearchReadsTypesAndCommonParameters() {
    SearchQuery q = PARSER.parse(null,
        params("_type", "Patient,Observation", "_lastUpdated", "ge2024-01-01", "_sort", "-_lastUpdated"), true)
        .query();
    assertThat(q.resourceType()).isNull();
    assertThat(q.types()).containsExactly("Patient", "Observation");
    assertThat(q.criteria()).singleElement().isInstanceOfSatisfying(Criterion.Param.class,
        p -> assertThat(p.param().code()).isEqualTo("_lastUpdated"));
    assertThat(q.sort()).singleElement().satisfies(s -> assertThat(s.descending()).isTrue());
  }

  @Test
  void systemSearchParameterMustExistOnEveryRequestedType() {
    assertThat(PARSER.parse(null, params("_type", "Patient,Practitioner", "family", "Lê"), true)
        .query().criteria()).hasSize(1);
    assertInvalid(() -> PARSER.parse(null, params("_type", "Patient,Observation", "family", "Lê"), true),
        "family");
    assertInvalid(() -> PARSER.parse(null, params("family", "Lê"), true), "family");
    assertInvalid(() -> PARSER.parse(null, params("_type", "Patient,Unicorn"), false), "Unicorn");
  }

  @Test
  void wildcardIncludeInSystemSearchIsIgnoredOrRejected() {
    assertThat(PARSER.parse(null, params("_include", "*"), false).ignored()).singleElement()
        .satisfies(i -> assertThat(i.diagnostics()).isEqualTo("_include=* in a system-level search was ignored"));
    assertInvalid(() -> PARSER.parse(null, params("_include", "*"), true), "_include=*");
    assertThat(PARSER.parse(null, params("_include", "Observation:subject"), true).query().includes())
        .containsExactly(new IncludeSpec("Observation", def("Observation", "subject"), null, false));
  }

  @Test
  void typeParameterOnTypeLevelSearchIsIgnoredOrRejected() {
    assertThat(lenient("Patient", "_type", "Observation").ignored()).hasSize(1);
    assertInvalid(() -> strict("Patient", "_type", "Observation"), "_type");
  }

  @Test
  void unknownResourceTypeIsReportedAsSuch() {
    assertThatThrownBy(() -> PARSER.parse("Unicorn", List.of(), false))
        .isInstanceOfSatisfying(FhirException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RESOURCE_TYPE));
  }

  @Test
  void compartmentIsLeftToTheCallerAndSetByInCompartment() {
    SearchQuery q = query("Observation", "code", "8867-4");
    SearchQuery scoped = PARSER.inCompartment(q, new ResourceKey("Patient", "p1"));
    assertThat(q.compartment()).isNull();
    assertThat(scoped.compartment()).isEqualTo(new ResourceKey("Patient", "p1"));
    assertThat(scoped.criteria()).isEqualTo(q.criteria());
    assertInvalid(() -> PARSER.inCompartment(q, new ResourceKey("Encounter", "e1")), "Encounter");
  }

  static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String mentioned) {
    assertThatThrownBy(call).isInstanceOfSatisfying(FhirException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.getMessage()).contains(mentioned);
    });
  }
}
