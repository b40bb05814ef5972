package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class SensitivityLabelsTest {
  final SensitivityLabels labels = new SensitivityLabels();

  @Test
  void hivMentalAndReproductiveDiagnosesAreLabelledOnce() {
    Condition hiv = new Condition();
    hiv.getCode().addCoding().setSystem(SenCodes.ICD10).setCode("B20.1");
    Condition depression = new Condition();
    depression.getCode().addCoding().setSystem(SenCodes.ICD10).setCode("F32.9");
    Condition pregnancy = new Condition();
    pregnancy.getCode().addCoding().setSystem(SenCodes.ICD10).setCode("Z34.0");

    assertThat(labels.label(hiv)).containsExactly("HIV");
    assertThat(labels.label(hiv)).isEmpty();
    assertThat(hiv.getMeta().getSecurity()).hasSize(1);
    assertThat(labels.label(depression)).containsExactly("PSY");
    assertThat(labels.label(pregnancy)).containsExactly("SEX");
  }

  @Test
  void ordinaryDiagnosesAndAntiretroviralsAreTreatedApart() {
    Condition hypertension = new Condition();
    hypertension.getCode().addCoding().setSystem(SenCodes.ICD10).setCode("I10");
    MedicationRequest arv = new MedicationRequest();
    arv.getMedicationCodeableConcept().addCoding().setSystem(SenCodes.ATC).setCode("J05AR03");

    assertThat(labels.label(hypertension)).isEmpty();
    assertThat(labels.label(arv)).containsExactly("HIV");
  }

  @Test
  void observationsAreLabelledByTheirCodedValueWhateverTheirValueType() {
    Observation pulse = new Observation();
    pulse.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    pulse.setValue(new Quantity(72));
    Observation hivTest = new Observation();
    hivTest.getCode().addCoding().setSystem("http://loinc.org").setCode("75622-1");
    hivTest.getValueCodeableConcept().addCoding().setSystem(SenCodes.ICD10).setCode("Z21");

    assertThat(labels.label(pulse)).isEmpty();
    assertThat(labels.label(hivTest)).containsExactly("HIV");
  }
}
