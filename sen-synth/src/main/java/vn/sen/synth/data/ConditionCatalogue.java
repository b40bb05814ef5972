package vn.sen.synth.data;

import java.util.List;

/**
 * Chronic conditions the generator assigns, with ICD-10 codes, Vietnamese display names and rough
 * prevalence of a recorded diagnosis in Vietnam by age band and sex. Figures are Sen's synthesis of
 * published surveys (STEPS 2015/2021, GBD estimates, MoH reports), good enough for realistic
 * shapes (prevalence and multimorbidity rising with age), not for epidemiology.
 */
public final class ConditionCatalogue {
  /** Age bands used by the prevalence tables. */
  public static final int[] BAND_START = {0, 18, 40, 60, 70, 80};

  /**
   * One condition.
   *
   * @param key stable short name used in ground truth and drug rules
   * @param prevalence probability per age band (see {@link #BAND_START})
   * @param maleFactor multiplier applied for men
   * @param femaleFactor multiplier applied for women
   * @param cardioMetabolic whether the shared cardiometabolic risk factor raises it
   */
  public record Condition(
      String key,
      String icd10,
      String display,
      String snomed,
      double[] prevalence,
      double maleFactor,
      double femaleFactor,
      boolean cardioMetabolic) {}

  public static final List<Condition> CONDITIONS =
      List.of(
          c("hypertension", "I10", "Tăng huyết áp vô căn (nguyên phát)", "38341003",
              new double[] {0.002, 0.06, 0.26, 0.45, 0.54, 0.60}, 1.1, 0.92, true),
          c("diabetes", "E11", "Bệnh đái tháo đường không phụ thuộc insulin", "44054006",
              new double[] {0.0005, 0.012, 0.075, 0.14, 0.16, 0.14}, 1.05, 0.95, true),
          c("dyslipidaemia", "E78.5", "Tăng lipid máu, không đặc hiệu", "55822004",
              new double[] {0.001, 0.05, 0.20, 0.30, 0.30, 0.24}, 1.0, 1.0, true),
          c("ihd", "I25.1", "Bệnh tim do xơ vữa động mạch", "53741008",
              new double[] {0, 0.002, 0.02, 0.06, 0.10, 0.13}, 1.4, 0.7, true),
          c("heart_failure", "I50.0", "Suy tim sung huyết", "42343007",
              new double[] {0, 0.001, 0.006, 0.02, 0.045, 0.08}, 1.1, 0.9, true),
          c("atrial_fibrillation", "I48", "Rung nhĩ và cuồng nhĩ", "49436004",
              new double[] {0, 0.0005, 0.004, 0.015, 0.03, 0.05}, 1.2, 0.85, true),
          c("stroke", "I69.3", "Di chứng nhồi máu não", "230690007",
              new double[] {0, 0.001, 0.01, 0.03, 0.05, 0.07}, 1.3, 0.75, true),
          c("copd", "J44.9", "Bệnh phổi tắc nghẽn mạn tính, không đặc hiệu", "13645005",
              new double[] {0, 0.002, 0.02, 0.06, 0.10, 0.12}, 1.8, 0.35, false),
          c("asthma", "J45.9", "Hen, không đặc hiệu", "195967001",
              new double[] {0.04, 0.03, 0.03, 0.04, 0.04, 0.04}, 1.0, 1.0, false),
          c("ckd", "N18.3", "Bệnh thận mạn, giai đoạn 3", "433144002",
              new double[] {0, 0.008, 0.04, 0.09, 0.14, 0.20}, 1.0, 1.0, true),
          c("osteoarthritis", "M17.9", "Thoái hóa khớp gối, không đặc hiệu", "239873007",
              new double[] {0, 0.01, 0.10, 0.24, 0.33, 0.38}, 0.75, 1.25, false),
          c("osteoporosis", "M81.9", "Loãng xương, không đặc hiệu", "64859006",
              new double[] {0, 0.001, 0.03, 0.14, 0.24, 0.33}, 0.3, 1.6, false),
          c("dementia", "F03", "Sa sút trí tuệ không đặc hiệu", "52448006",
              new double[] {0, 0, 0.001, 0.02, 0.06, 0.18}, 0.85, 1.15, false),
          c("depression", "F32.9", "Giai đoạn trầm cảm, không biệt định", "35489007",
              new double[] {0.005, 0.03, 0.04, 0.04, 0.05, 0.06}, 0.7, 1.3, false),
          c("hepatitis_b", "B18.1", "Viêm gan virus B mạn, không có tác nhân delta", "61977001",
              new double[] {0.003, 0.05, 0.06, 0.05, 0.04, 0.03}, 1.2, 0.8, false),
          c("tuberculosis", "A15.0", "Lao phổi, có xác nhận vi khuẩn học", "154283005",
              new double[] {0.0005, 0.002, 0.003, 0.004, 0.005, 0.006}, 2.0, 0.5, false),
          c("liver_cancer", "C22.0", "Ung thư biểu mô tế bào gan", "109841003",
              new double[] {0, 0.0002, 0.002, 0.004, 0.005, 0.005}, 2.0, 0.5, false),
          c("lung_cancer", "C34.9", "U ác của phế quản hoặc phổi, không đặc hiệu", "93880001",
              new double[] {0, 0.0001, 0.0015, 0.004, 0.006, 0.006}, 2.0, 0.5, false),
          c("breast_cancer", "C50.9", "U ác của vú, không đặc hiệu", "254837009",
              new double[] {0, 0.0004, 0.003, 0.005, 0.005, 0.004}, 0.0, 2.0, false),
          c("colorectal_cancer", "C18.9", "U ác của đại tràng, không đặc hiệu", "363406005",
              new double[] {0, 0.0001, 0.0015, 0.003, 0.004, 0.005}, 1.1, 0.9, false));

  private ConditionCatalogue() {}

  private static Condition c(
      String key, String icd, String display, String snomed, double[] prevalence, double male,
      double female, boolean cardio) {
    return new Condition(key, icd, display, snomed, prevalence, male, female, cardio);
  }

  public static int band(int age) {
    for (int i = BAND_START.length - 1; i > 0; i--) {
      if (age >= BAND_START[i]) {
        return i;
      }
    }
    return 0;
  }
}
