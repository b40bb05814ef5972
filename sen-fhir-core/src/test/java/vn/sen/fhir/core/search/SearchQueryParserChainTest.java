package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.fhir.core.search.ParserFixture.PARSER;
import static vn.sen.fhir.core.search.ParserFixture.def;
import static vn.sen.fhir.core.search.ParserFixture.lenient;
import static vn.sen.fhir.core.search.ParserFixture.query;
import static vn.sen.fhir.core.search.ParserFixture.strict;
import static vn.sen.fhir.core.search.SearchQueryParserControlTest.assertInvalid;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryParserChainTest {

  private static Criterion single(String type, String name, String value) {
    List<Criterion> criteria = query(type, name, value).criteria();
    assertThat(criteria).hasSize(1);
    return criteria.get(0);
  }

  @Test
  void typedChainResolvesOnTheTarget() {
    assertThat(single("Observation", "subject:Patient.name", "Nguyễn")).isEqualTo(new Criterion.Chain(
        def("Observation", "subject"), "Patient",
        new Criterion.Param(def("Patient", "name"), Modifier.NONE, List.of(new SearchArg.Text("Nguyễn")))));
  }

  @Test
  void untypedChainWithSeveralTargetsLeavesTargetOpen() {
    Criterion c = single("Observation", "subject.name", "Nguyễn");
    assertThat(c).isInstanceOfSatisfying(Criterion.Chain.class, chain -> {
      assertThat(chain.reference()).isEqualTo(def("Observation", "subject"));
      assertThat(chain.targetType()).isNull();
      assertThat(chain.onTarget()).isInstanceOfSatisfying(Criterion.Param.class,
          p -> assertThat(p.param().code()).isEqualTo("name"));
    });
  }

  @Test
  void untypedChainWithOneTargetNamesIt() {
    assertThat(single("Observation", "patient.birthdate", "1960")).isInstanceOfSatisfying(Criterion.Chain.class,
        chain -> assertThat(chain.targetType()).isEqualTo("Patient"));
  }

  @Test
  void chainedParameterKeepsItsModifier() {
    Criterion c = single("Patient", "general-practitioner:Practitioner.family:exact", "Võ");
    assertThat(c).isEqualTo(new Criterion.Chain(def("Patient", "general-practitioner"), "Practitioner",
        new Criterion.Param(def("Practitioner", "family"), Modifier.EXACT, List.of(new SearchArg.Text("Võ")))));
  }

  @Test
  void deeperChainsNest() {
    Criterion c = single("Observation", "subject:Patient.organization.name", "Trạm Y tế xã");
    assertThat(c).isEqualTo(new Criterion.Chain(def("Observation", "subject"), "Patient",
        new Criterion.Chain(def("Patient", "organization"), "Organization",
            new Criterion.Param(def("Organization", "name"), Modifier.NONE,
                List.of(new SearchArg.Text("Trạm Y tế xã"))))));
  }

  @Test
  void chainOnANonReferenceIsRejected() {
    assertInvalid(() -> lenient("Patient", "name.family", "x"), "not a reference");
  }

  @Test
  void chainToAnUnknownParameterIsIgnoredOrRejected() {
    ParsedSearch parsed = lenient("Observation", "subject.shoe-size", "42");
    assertThat(parsed.query().criteria()).isEmpty();
    assertThat(parsed.ignored()).singleElement()
        .satisfies(i -> assertThat(i.diagnostics()).contains("shoe-size", "was ignored"));
    assertInvalid(() -> strict("Observation", "subject.shoe-size", "42"), "shoe-size");
    assertInvalid(() -> strict("Observation", "subject:Patient.code", "x"), "code");
    assertInvalid(() -> strict("Observation", "nothing.name", "x"), "nothing");
    assertInvalid(() -> strict("Observation", "subject:Unicorn.name", "x"), "Unicorn");
  }

  @Test
  void chainTypeMustBeATargetOfTheReference() {
    assertInvalid(() -> lenient("Observation", "subject:Practitioner.name", "x"), "Practitioner");
  }

  @Test
  void reverseChainFindsReferencedResources() {
    Criterion c = single("Patient", "_has:Observation:patient:code", "http://loinc.org|8867-4");
    assertThat(c).isEqualTo(new Criterion.Has("Observation", def("Observation", "patient"),
        new Criterion.Param(def("Observation", "code"), Modifier.NONE,
            List.of(SearchArg.Token.of("http://loinc.org", "8867-4")))));
  }

  @Test
  void reverseChainsNestAndCarryModifiers() {
    Criterion c = single("Patient", "_has:Observation:patient:_has:AuditEvent:entity:agent:missing", "false");
    assertThat(c).isEqualTo(new Criterion.Has("Observation", def("Observation", "patient"),
        new Criterion.Has("AuditEvent", def("AuditEvent", "entity"),
            new Criterion.Param(def("AuditEvent", "agent"), Modifier.MISSING,
                List.of(new SearchArg.Missing(false))))));
  }

  @Test
  void malformedReverseChainsAreIgnoredOrRejected() {
    for (String name : List.of("_has", "_has:Observation", "_has:Observation:patient", "_has:Observation:patient:",
        "_has:Unicorn:patient:code", "_has:Observation:code:code", "_has:Observation:nothing:code")) {
      ParsedSearch parsed = lenient("Patient", name, "x");
      assertThat(parsed.query().criteria()).as(name).isEmpty();
      assertThat(parsed.ignored()).as(name).hasSize(1);
      assertInvalid(() -> strict("Patient", name, "x"), "_has");
    }
  }

  @Test
  void reverseChainMustReferToTheSearchedType() {
    assertInvalid(() -> lenient("Practitioner", "_has:Observation:patient:code", "x"), "Practitioner");
  }

  @Test
  void reverseChainNeedsAResourceType() {
    assertThat(PARSER.parse(null, ParserFixture.params("_has:Observation:patient:code", "x"), false).ignored())
        .hasSize(1);
  }

  @Test
  void valueErrorsInsideAChainNameTheWholeParameter() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> query("Observation", "subject:Patient.birthdate", "soon"))
        .isInstanceOfSatisfying(vn.sen.fhir.core.FhirException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Invalid date 'soon' for parameter 'subject:Patient.birthdate'");
          assertThat(e.issues().get(0).expression()).isEqualTo("subject:Patient.birthdate");
        });
  }

  @Test
  void chainsAreBoundedInDepth() {
    String five = "link.link.link.link.link.name";
    assertThat(query("Patient", five, "x").criteria()).hasSize(1);
    String tooDeep = "link.".repeat(CriterionParser.MAX_DEPTH + 1) + "name";
    ParsedSearch parsed = lenient("Patient", tooDeep, "x");
    assertThat(parsed.query().criteria()).isEmpty();
    assertThat(parsed.ignored()).singleElement()
        .satisfies(i -> assertThat(i.diagnostics()).contains("chained deeper than 5 levels, was ignored"));
    assertInvalid(() -> strict("Patient", "link.".repeat(20_000) + "name", "x"), "deeper than");
    assertInvalid(() -> strict("Patient", "_has:Patient:link:".repeat(20_000) + "name", "x"), "deeper than");
  }
}
