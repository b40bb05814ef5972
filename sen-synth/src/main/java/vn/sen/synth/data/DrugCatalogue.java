package vn.sen.synth.data;

import java.util.List;
import java.util.Map;

/**
 * Medicines commonly prescribed in Vietnam for the catalogued conditions: INN (with the Vietnamese
 * spelling used on prescriptions), a brand sold there, strength, ATC code, and the usual regimen
 * written as FHIR Timing fields plus the Vietnamese instruction a doctor writes. Written for Sen; ATC
 * codes are the widely cited WHO codes.
 */
public final class DrugCatalogue {
  /**
   * One medicinal product.
   *
   * @param whenCodes FHIR event-timing codes for each daily dose (e.g. PCM, PCV)
   * @param periodDays 1 for daily regimens, 7 for weekly ones
   * @param unitsPerDose tablets (or puffs) per dose
   * @param form Vietnamese unit word: viên, nhát xịt, gói
   * @param sideEffectRisk chance that a patient reports bothersome side effects
   * @param monthlyCostVnd rough out-of-pocket cost without insurance
   */
  public record Drug(
      String key,
      String inn,
      String nameVi,
      String brand,
      String strength,
      String atc,
      String form,
      String formCode,
      int unitsPerDose,
      List<String> whenCodes,
      int periodDays,
      String instructionVi,
      double sideEffectRisk,
      int monthlyCostVnd) {

    public int dosesPerPeriod() {
      return whenCodes.size();
    }

    public String displayVi() {
      return nameVi + " " + strength + " (" + brand + ")";
    }
  }

  private static final String TAB = "TAB";
  private static final String INH = "INHL";

  public static final List<Drug> DRUGS =
      List.of(
          d("amlodipine", "amlodipine", "Amlodipin", "Amlor", "5 mg", "C08CA01", 1, List.of("MORN"),
              "Uống 1 viên/ngày, buổi sáng", 0.08, 60_000),
          d("losartan", "losartan", "Losartan", "Cozaar", "50 mg", "C09CA01", 1, List.of("MORN"),
              "Uống 1 viên/ngày, buổi sáng", 0.05, 90_000),
          d("perindopril", "perindopril", "Perindopril", "Coversyl", "5 mg", "C09AA04", 1,
              List.of("ACM"), "Uống 1 viên/ngày, buổi sáng trước ăn", 0.10, 150_000),
          d("bisoprolol", "bisoprolol", "Bisoprolol", "Concor", "2.5 mg", "C07AB07", 1,
              List.of("MORN"), "Uống 1 viên/ngày, buổi sáng", 0.07, 110_000),
          d("hydrochlorothiazide", "hydrochlorothiazide", "Hydroclorothiazid", "Thiazifar",
              "25 mg", "C03AA03", 1, List.of("MORN"), "Uống 1 viên/ngày, buổi sáng", 0.06, 20_000),
          d("furosemide", "furosemide", "Furosemid", "Vinzix", "40 mg", "C03CA01", 1,
              List.of("MORN"), "Uống 1 viên/ngày, buổi sáng", 0.10, 15_000),
          d("spironolactone", "spironolactone", "Spironolacton", "Verospiron", "25 mg", "C03DA01",
              1, List.of("MORN"), "Uống 1 viên/ngày, buổi sáng", 0.08, 60_000),
          d("metformin", "metformin", "Metformin", "Glucophage", "850 mg", "A10BA02", 1,
              List.of("PCM", "PCV"), "Uống 1 viên x 2 lần/ngày, sáng - tối, sau ăn", 0.15, 70_000),
          d("gliclazide", "gliclazide", "Gliclazid", "Diamicron MR", "30 mg", "A10BB09", 1,
              List.of("ACM"), "Uống 1 viên/ngày, trước ăn sáng", 0.08, 120_000),
          d("atorvastatin", "atorvastatin", "Atorvastatin", "Lipitor", "20 mg", "C10AA05", 1,
              List.of("HS"), "Uống 1 viên/ngày, buổi tối trước khi ngủ", 0.06, 100_000),
          d("rosuvastatin", "rosuvastatin", "Rosuvastatin", "Crestor", "10 mg", "C10AA07", 1,
              List.of("HS"), "Uống 1 viên/ngày, buổi tối", 0.06, 160_000),
          d("aspirin", "acetylsalicylic acid", "Aspirin", "Aspirin 81", "81 mg", "B01AC06", 1,
              List.of("PCM"), "Uống 1 viên/ngày, sau ăn sáng", 0.07, 15_000),
          d("clopidogrel", "clopidogrel", "Clopidogrel", "Plavix", "75 mg", "B01AC04", 1,
              List.of("PCM"), "Uống 1 viên/ngày, sau ăn sáng", 0.05, 200_000),
          d("acenocoumarol", "acenocoumarol", "Acenocoumarol", "Sintrom", "1 mg", "B01AA07", 1,
              List.of("EVE"), "Uống 1 viên/ngày, buổi chiều, đúng giờ", 0.10, 60_000),
          d("salbutamol", "salbutamol", "Salbutamol", "Ventolin", "100 mcg/liều", "R03AC02", 2,
              List.of("MORN", "EVE"), "Xịt 2 nhát x 2 lần/ngày, sáng - tối", 0.05, 80_000),
          d("budesonide_formoterol", "budesonide and formoterol", "Budesonid + formoterol",
              "Symbicort", "160/4.5 mcg/liều", "R03AK07", 2, List.of("MORN", "EVE"),
              "Hít 2 nhát x 2 lần/ngày, sáng - tối, súc miệng sau hít", 0.05, 400_000),
          d("tiotropium", "tiotropium bromide", "Tiotropium", "Spiriva", "2.5 mcg/liều",
              "R03BB04", 2, List.of("MORN"), "Hít 2 nhát/ngày, buổi sáng", 0.04, 700_000),
          d("paracetamol", "paracetamol", "Paracetamol", "Efferalgan", "500 mg", "N02BE01", 1,
              List.of("PCM", "PCV"), "Uống 1 viên x 2 lần/ngày, sáng - tối, sau ăn", 0.02, 30_000),
          d("meloxicam", "meloxicam", "Meloxicam", "Mobic", "7.5 mg", "M01AC06", 1,
              List.of("PCM"), "Uống 1 viên/ngày, sau ăn sáng", 0.12, 60_000),
          d("alendronate", "alendronic acid", "Alendronat", "Fosamax", "70 mg", "M05BA04", 1,
              List.of("ACM"), "Uống 1 viên/tuần, sáng sớm lúc đói với nhiều nước, ngồi thẳng 30 phút",
              0.10, 120_000),
          d("calcium_d3", "calcium carbonate and colecalciferol", "Calci carbonat + vitamin D3",
              "Calcium Sandoz", "500 mg/400 IU", "A12AX", 1, List.of("PCM"),
              "Uống 1 viên/ngày, sau ăn sáng", 0.03, 90_000),
          d("donepezil", "donepezil", "Donepezil", "Aricept", "5 mg", "N06DA02", 1,
              List.of("HS"), "Uống 1 viên/ngày, buổi tối trước khi ngủ", 0.12, 350_000),
          d("sertraline", "sertraline", "Sertralin", "Zoloft", "50 mg", "N06AB06", 1,
              List.of("PCM"), "Uống 1 viên/ngày, sau ăn sáng", 0.15, 250_000),
          d("tenofovir", "tenofovir disoproxil", "Tenofovir", "Viread", "300 mg", "J05AF07", 1,
              List.of("PCV"), "Uống 1 viên/ngày, sau ăn tối", 0.04, 200_000),
          d("rhze", "rifampicin, isoniazid, pyrazinamide and ethambutol", "Rifampicin + isoniazid + pyrazinamid + ethambutol",
              "Turbezid", "150/75/400/275 mg", "J04AM06", 3, List.of("ACM"),
              "Uống 3 viên/ngày, một lần lúc đói buổi sáng", 0.20, 0),
          d("omeprazole", "omeprazole", "Omeprazol", "Losec", "20 mg", "A02BC01", 1,
              List.of("ACM"), "Uống 1 viên/ngày, trước ăn sáng 30 phút", 0.03, 40_000));

  /** Treatment options per condition: drug key and the probability it is prescribed. */
  public static final Map<String, List<Option>> TREATMENT =
      Map.ofEntries(
          Map.entry("hypertension",
              List.of(o("amlodipine", 0.6), o("losartan", 0.35), o("perindopril", 0.15),
                  o("hydrochlorothiazide", 0.12))),
          Map.entry("diabetes", List.of(o("metformin", 0.9), o("gliclazide", 0.4))),
          Map.entry("dyslipidaemia", List.of(o("atorvastatin", 0.7), o("rosuvastatin", 0.2))),
          Map.entry("ihd", List.of(o("aspirin", 0.85), o("bisoprolol", 0.5), o("atorvastatin", 0.6))),
          Map.entry("heart_failure",
              List.of(o("furosemide", 0.7), o("spironolactone", 0.4), o("bisoprolol", 0.5),
                  o("perindopril", 0.4))),
          Map.entry("atrial_fibrillation", List.of(o("acenocoumarol", 0.45), o("bisoprolol", 0.5))),
          Map.entry("stroke", List.of(o("aspirin", 0.6), o("clopidogrel", 0.3), o("atorvastatin", 0.6))),
          Map.entry("copd", List.of(o("tiotropium", 0.4), o("budesonide_formoterol", 0.3), o("salbutamol", 0.5))),
          Map.entry("asthma", List.of(o("budesonide_formoterol", 0.5), o("salbutamol", 0.6))),
          Map.entry("osteoarthritis", List.of(o("paracetamol", 0.6), o("meloxicam", 0.25))),
          Map.entry("osteoporosis", List.of(o("alendronate", 0.5), o("calcium_d3", 0.7))),
          Map.entry("dementia", List.of(o("donepezil", 0.5))),
          Map.entry("depression", List.of(o("sertraline", 0.5))),
          Map.entry("hepatitis_b", List.of(o("tenofovir", 0.35))),
          Map.entry("tuberculosis", List.of(o("rhze", 1.0))));

  /** A treatment option. */
  public record Option(String drugKey, double probability) {}

  private DrugCatalogue() {}

  private static Option o(String key, double p) {
    return new Option(key, p);
  }

  private static Drug d(
      String key, String inn, String nameVi, String brand, String strength, String atc, int units,
      List<String> when, String text, double sideEffects, int cost) {
    boolean inhaled = atc.startsWith("R03");
    return new Drug(
        key, inn, nameVi, brand, strength, atc, inhaled ? "nhát" : "viên", inhaled ? INH : TAB,
        units, when, key.equals("alendronate") ? 7 : 1, text, sideEffects, cost);
  }

  public static Drug drug(String key) {
    for (Drug d : DRUGS) {
      if (d.key().equals(key)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown drug " + key);
  }

  public static int index(String key) {
    for (int i = 0; i < DRUGS.size(); i++) {
      if (DRUGS.get(i).key().equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown drug " + key);
  }
}
