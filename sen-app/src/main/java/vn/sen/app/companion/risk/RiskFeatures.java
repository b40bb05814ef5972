package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.util.List;

/**
 * One row for the model: a patient's medicine class as of a day, with its feature vector in
 * {@link Feature} order and the prescriptions it covers (the RiskAssessment's basis).
 */
record RiskFeatures(
    String patientId, String medicineClass, LocalDate asOf, double[] values, List<String> prescriptionIds) {

  double get(Feature f) {
    return values[f.ordinal()];
  }
}
