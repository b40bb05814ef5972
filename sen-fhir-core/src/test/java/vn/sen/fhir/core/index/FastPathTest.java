package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast evaluator on the constructs beyond R4's own expressions, checked against HAPI's engine. */
class FastPathTest {
  static final String ETHNICITY = "http://sen.vn/StructureDefinition/dan-toc";
  static final EnginePaths ENGINE = new EnginePaths(FhirContext.forR4Cached());

  static Patient patient() {
    Patient p = new Patient();
    p.setId("p1");
    p.addExtension(new Extension(ETHNICITY, new Coding("http://sen.vn/CodeSystem/dan-toc", "01", "Kinh")));
    p.addExtension(new Extension("http://sen.vn/StructureDefinition/ghi-chu", new StringType("x")));
    p.addName().setFamily("Lê").addGiven("Văn").addGiven("Tám");
    p.addName().setFamily("Le");
    p.addGeneralPractitioner(new Reference("Practitioner/d1"));
    p.addGeneralPractitioner(new Reference("https://other.example/fhir/Organization/o1/_history/2"));
    p.getMaritalStatus().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M", null));
    p.setActive(true);
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Patient.extension('" + ETHNICITY + "').value",
    "Patient.extension.where(url='" + ETHNICITY + "').value",
    "Patient.extension.where(url = '" + ETHNICITY + "').value.ofType(Coding)",
    "Patient.extension.value.ofType(string)",
    "Patient.name[0].given",
    "Patient.name[1].family",
    "Patient.name.first().given",
    "Patient.name.given.first()",
    "Patient.name[5]",
    "(Patient.maritalStatus as CodeableConcept).coding.code",
    "Patient.maritalStatus.as(CodeableConcept).coding",
    "Patient.name.exists()",
    "Patient.photo.exists()",
    "Patient.photo.empty()",
    "Patient.active = true",
    "Patient.active != true",
    "Patient.active.not()",
    "Patient.name.where(family = 'Le').family | Patient.name.where(family = 'Lê').given",
    "Patient.name.exists() and Patient.photo.exists()",
    "Patient.name.exists() or Patient.photo.exists()",
    "Resource.id",
    "DomainResource.extension.url",
  })
  void fastEvaluatorAgreesWithHapisEngine(String expression) throws Exception {
    Patient p = patient();
    List<Base> fast = new FastPath.Root(FastPathParser.parse(expression)).evaluate(p);
    List<Base> hapi = ENGINE.compile(expression).evaluate(p);

    assertThat(render(fast)).isEqualTo(render(hapi));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Patient.generalPractitioner.where(resolve() is Practitioner)",
    "Patient.generalPractitioner.where(resolve() is Organization)",
  })
  void resolveIsReadsTheTypeFromTheReference(String expression) throws Exception {
    List<Base> selected = new FastPath.Root(FastPathParser.parse(expression)).evaluate(patient());

    assertThat(selected).hasSize(1);
    String type = expression.substring(expression.lastIndexOf(' ') + 1, expression.length() - 1);
    assertThat(((Reference) selected.get(0)).getReference()).contains(type + "/");
  }

  private static List<String> render(List<Base> values) {
    return values.stream()
        .map(b -> switch (b) {
          case BooleanType bool -> "boolean:" + bool.getValue();
          case Coding c -> "Coding:" + c.getSystem() + "|" + c.getCode();
          case CodeableConcept cc -> "CodeableConcept:" + cc.getCodingFirstRep().getCode();
          default -> b.fhirType() + ":" + (b.isPrimitive() ? b.primitiveValue() : System.identityHashCode(b));
        })
        .toList();
  }
}
