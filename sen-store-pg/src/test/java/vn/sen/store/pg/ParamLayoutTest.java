package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParameterRegistry;

class ParamLayoutTest {
  private static final SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4Cached());
  private static final ParamLayout layout = new ParamLayout(registry);

  private static SearchParamDef def(String type, String code) {
    return registry.find(type, code).orElseThrow();
  }

  @Test
  void storedIsAnsweredAlikeForTheRegistrysParametersAndEqualCopies() {
    for (String type : registry.resourceTypes()) {
      for (SearchParamDef def : registry.forType(type).values()) {
        SearchParamDef copy = new SearchParamDef(def.resourceType(), def.code(), def.type(), def.expression(),
            def.url(), def.targets(), def.components(), def.patientCompartment(), def.key());
        List<ParamLayout.Slot> own = layout.slots(def);
        boolean expected = own.size() == 1 && own.get(0).key() == def.key() && own.get(0).targetType() == null;
        assertThat(layout.stored(def)).as(def.qualifiedName()).isEqualTo(expected);
        assertThat(layout.stored(copy)).as(def.qualifiedName()).isEqualTo(expected);
      }
    }
  }

  @Test
  void parameterWithTheSameExpressionReadsTheOthersRows() {
    assertThat(layout.slots(def("Patient", "phonetic"))).containsExactly(new ParamLayout.Slot(def("Patient", "name").key(), null));
    assertThat(layout.stored(def("Patient", "phonetic"))).isFalse();
    assertThat(layout.stored(def("Patient", "name"))).isTrue();
  }

  @Test
  void whereResolveIsReadsTheBaseReferenceRestrictedToTheType() {
    assertThat(layout.slots(def("Observation", "patient")))
        .containsExactly(new ParamLayout.Slot(def("Observation", "subject").key(), "Patient"));
    assertThat(layout.stored(def("Observation", "subject"))).isTrue();
  }

  @Test
  void unionOfOtherParametersReadsEachOfTheirRows() {
    assertThat(layout.slots(def("Observation", "combo-code"))).containsExactlyInAnyOrder(
        new ParamLayout.Slot(def("Observation", "code").key(), null),
        new ParamLayout.Slot(def("Observation", "component-code").key(), null));
  }

  @Test
  void ordinaryAndCompositeParametersKeepTheirOwnRows() {
    assertThat(layout.stored(def("Patient", "birthdate"))).isTrue();
    assertThat(layout.stored(def("Observation", "code-value-quantity"))).isTrue();
    assertThat(layout.stored(def("Patient", "_id"))).isTrue();
  }

  @Test
  void unionPartsSplitOnlyAtTopLevelAndDropOuterParentheses() {
    assertThat(ParamLayout.unionParts("(Observation.value as Quantity) | (Observation.value as SampledData)"))
        .containsExactly("Observation.valueasQuantity", "Observation.valueasSampledData");
    assertThat(ParamLayout.unionParts("Patient.telecom.where(system='phone' or system='a|b')"))
        .hasSize(1);
  }
}
