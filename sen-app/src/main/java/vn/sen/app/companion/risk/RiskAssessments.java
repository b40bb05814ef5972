package vn.sen.app.companion.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.RiskAssessment.RiskAssessmentPredictionComponent;
import org.hl7.fhir.r4.model.RiskAssessment.RiskAssessmentStatus;
import vn.sen.app.companion.worklist.WorklistCodes;

/**
 * Builds the RiskAssessment for one patient and medicine class (https://hl7.org/fhir/R4/riskassessment.html):
 * the probability in {@code prediction.probabilityDecimal}, the outcome "adherence below 80% in the next
 * 30 days" coded in Sen's companion code system, the period it is about in {@code prediction.whenPeriod},
 * the prescriptions it is about in {@code basis}, the medicine class as an ATC coding in an extension,
 * and the main contributing factors in words, Vietnamese then English, in {@code prediction.rationale}.
 * Its business identifier is {@code <patient id>.<class>}, so that a refresh replaces it.
 */
final class RiskAssessments {
  /** Identifier system for companion RiskAssessments: one per patient and medicine class. */
  static final String IDENTIFIER_SYSTEM = "https://sen.health.vn/fhir/sid/companion-risk";
  static final String MEDICINE_CLASS_EXTENSION = "https://sen.health.vn/fhir/StructureDefinition/medicine-class";
  static final String NON_ADHERENCE_RISK = "non-adherence-risk";
  static final String BELOW_80 = "adherence-below-80";

  private RiskAssessments() {}

  static String identifierValue(String patientId, String medicineClass) {
    return patientId + "." + medicineClass;
  }

  static RiskAssessment build(RiskFeatures f, RiskModel model, long version, Instant now) {
    double p = model.probability(f.values());
    RiskAssessment ra = new RiskAssessment();
    ra.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifierValue(f.patientId(), f.medicineClass()));
    ra.setStatus(RiskAssessmentStatus.FINAL);
    ra.addExtension(MEDICINE_CLASS_EXTENSION, new Coding(MedicineClasses.ATC, f.medicineClass(), null));
    ra.setCode(new CodeableConcept(new Coding(WorklistCodes.SYSTEM, NON_ADHERENCE_RISK, "Nguy cơ không tuân thủ thuốc"))
        .setText("Nguy cơ không tuân thủ thuốc / Non-adherence risk"));
    ra.setMethod(new CodeableConcept().setText("Sen companion non-adherence model v" + version
        + " (hồi quy logistic / logistic regression)"));
    ra.setSubject(new Reference("Patient/" + f.patientId()));
    ra.setOccurrence(new DateTimeType(java.util.Date.from(now)));
    for (String request : f.prescriptionIds()) {
      ra.addBasis(new Reference("MedicationRequest/" + request));
    }
    RiskAssessmentPredictionComponent prediction = ra.addPrediction();
    prediction.setOutcome(new CodeableConcept(new Coding(WorklistCodes.SYSTEM, BELOW_80,
        "Tuân thủ dưới 80% trong 30 ngày tới")).setText("Tuân thủ dưới 80% trong 30 ngày tới (nhóm thuốc "
        + f.medicineClass() + ") / Adherence below 80% in the next 30 days (medicine class " + f.medicineClass() + ")"));
    prediction.setProbability(new DecimalType(BigDecimal.valueOf(p).setScale(3, RoundingMode.HALF_UP)));
    LocalDate from = f.asOf();
    prediction.setWhen(new Period().setStartElement(new DateTimeType(from.toString()))
        .setEndElement(new DateTimeType(from.plusDays(FeatureExtractor.WINDOW).toString())));
    prediction.setRationale(rationale(model.topRaising(f.values(), 3)));
    return ra;
  }

  /** The main factors raising this prediction, in words; or that none stands out. */
  static String rationale(List<RiskModel.Contribution> factors) {
    if (factors.isEmpty()) {
      return "Không có yếu tố nào nổi bật. / No factor stands out.";
    }
    String vi = factors.stream().map(c -> c.feature().vi() + " (" + shown(c) + ")").collect(Collectors.joining("; "));
    String en = factors.stream().map(c -> c.feature().en() + " (" + shown(c) + ")").collect(Collectors.joining("; "));
    return "Yếu tố chính: " + vi + ". / Main factors: " + en + ".";
  }

  private static String shown(RiskModel.Contribution c) {
    return switch (c.feature()) {
      case DOSE_ADHERENCE_30D, DOSE_ADHERENCE_7D, OVERALL_ADHERENCE_30D, PDC_180D ->
          Math.round(c.value() * 100) + "%";
      case DOSE_ADHERENCE_30D_LOGIT -> "logit " + String.format(Locale.ROOT, "%.1f", c.value());
      case DOSE_TREND -> (c.value() >= 0 ? "+" : "") + Math.round(c.value() * 100) + "%";
      case AGE, DAILY_DOSES -> String.format(Locale.ROOT, "%.0f", c.value());
      case AGE_80_PLUS, AGE_UNDER_50, COGNITIVE_IMPAIRMENT, DEPRESSION, RECENT_DISCHARGE, LIVES_ALONE, UNINSURED ->
          c.value() > 0 ? "có / yes" : "không / no";
      default -> String.format(Locale.ROOT, "%.0f", c.value());
    };
  }
}
