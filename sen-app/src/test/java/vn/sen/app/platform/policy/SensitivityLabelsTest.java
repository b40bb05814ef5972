package vn.sen.app.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
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
}
