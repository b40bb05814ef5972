package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.Issue;

class StructuralWriteCheckTest {
  static final FhirContext CONTEXT = FhirContext.forR4Cached();
  final StructuralWriteCheck check = new StructuralWriteCheck(CONTEXT);

  static Observation validObservation() {
    Observation o = new Observation();
    o.setId("o1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Nhịp tim")));
    o.setEffective(new DateTimeType("2024-05-03T08:00:00+07:00"));
    o.setValue(new Quantity(72));
    return o;
  }

  @Test
  void validResourcePasses() {
    assertThat(check.check(validObservation())).isEmpty();
    assertThat(check.check(new Patient())).isEmpty();
  }

  @Test
  void missingMandatoryElementsAreRequiredIssues() {
    Observation o = new Observation();
    o.setCode(new CodeableConcept());

    assertThat(check.check(o)).containsExactlyInAnyOrder(
        Issue.error("required", "Missing mandatory element Observation.status (minimum 1)", "Observation.status"),
        Issue.error("required", "Missing mandatory element Observation.code (minimum 1)", "Observation.code"));
  }

  @Test
  void missingElementInsideABackboneElementIsFoundWithItsIndex() {
    Observation o = validObservation();
    o.addComponent().setValue(new Quantity(120));
    o.addComponent().setCode(new CodeableConcept().setText("tâm trương"));
    o.addComponent().setValue(new Quantity(80));

    assertThat(check.check(o)).extracting(Issue::expression)
        .containsExactly("Observation.component[0].code", "Observation.component[2].code");
  }

  @Test
  void missingElementInsideADatatypeIsFound() {
    Patient p = new Patient();
    p.getText().getDiv().setValueAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Bệnh nhân</div>");

    assertThat(check.check(p)).extracting(Issue::expression).containsExactly("Patient.text.status");
  }

  @Test
  void unknownRequiredBindingCodeFromALenientParseIsCodeInvalid() {
    IParser lenient = CONTEXT.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
    Patient p = lenient.parseResource(Patient.class,
        "{\"resourceType\":\"Patient\",\"gender\":\"x\",\"contact\":[{\"gender\":\"y\"}]}");

    assertThat(check.check(p)).containsExactly(
        Issue.error("code-invalid", "Unknown code 'x' for Patient.gender", "Patient.gender"),
        Issue.error("code-invalid", "Unknown code 'y' for Patient.contact[0].gender", "Patient.contact[0].gender"));
  }

  @Test
  void invalidDateStringThatSlippedThroughIsInvalidWithoutQuotingIt() {
    IParser lenient = CONTEXT.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
    Patient p = lenient.parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"birthDate\":\"1950-02-31x\"}");

    List<Issue> issues = check.check(p);

    assertThat(issues).extracting(Issue::expression).containsExactly("Patient.birthDate");
    assertThat(issues.get(0).diagnostics()).doesNotContain("1950");
  }

  @Test
  void idsMustBeValidFhirIds() {
    Patient p = new Patient();
    p.setId("a b c");
    Patient longId = new Patient();
    longId.setId("x".repeat(65));

    assertThat(check.check(p)).extracting(Issue::expression).containsExactly("Patient.id");
    assertThat(check.check(longId)).extracting(Issue::code).containsExactly("invalid");
  }

  @Test
  void timesNeedATimeZoneAndInstantsFullPrecision() {
    Observation o = validObservation();
    o.setEffective(new DateTimeType("2024-05-03T08:00:00"));
    o.setIssuedElement(new InstantType("2024-05-03T08:00:00Z"));
    Observation badInstant = validObservation();
    badInstant.getIssuedElement().setValueAsString("2024-05-03");

    assertThat(check.check(o)).extracting(Issue::expression).containsExactly("Observation.effective");
    assertThat(check.check(badInstant)).extracting(Issue::expression).containsExactly("Observation.issued");
  }

  @Test
  void codesWithStrayWhitespaceAreCodeInvalid() {
    Patient p = new Patient();
    p.addCommunication().getLanguage().addCoding().setCode(" vi ");

    assertThat(check.check(p)).extracting(Issue::expression)
        .containsExactly("Patient.communication[0].language.coding[0].code");
  }

  @Test
  void containedAndBundledResourcesAreCheckedToo() {
    Patient p = new Patient();
    p.addContained(new Observation().setCode(new CodeableConcept().setText("x")).setId("obs"));
    Bundle b = new Bundle();
    b.setType(Bundle.BundleType.COLLECTION);
    b.addEntry().setFullUrl("urn:uuid:6f1c1a57-5a0e-4b7e-9d55-0c1f3e0e0a01").setResource(new Observation());

    assertThat(check.check(p)).extracting(Issue::expression).containsExactly("Patient.contained[0].status");
    assertThat(check.check(b)).extracting(Issue::expression)
        .containsExactly("Bundle.entry[0].resource.status", "Bundle.entry[0].resource.code");
  }

  @Test
  void enumerationBuiltInCodeWithAValidCodePasses() {
    Patient p = new Patient();
    p.setGenderElement(new Enumeration<>(new org.hl7.fhir.r4.model.Enumerations.AdministrativeGenderEnumFactory(), "female"));
    Resource r = p;

    assertThat(check.check(r)).isEmpty();
  }
}
