package vn.sen.synth.gen;

import org.jspecify.annotations.Nullable;

/** LOINC codes written, with UCUM units and Vietnamese text. */
enum Loinc {
  BP_PANEL("85354-9", "Blood pressure panel with all children optional", "Huyết áp", "", "", 0, null),
  SYSTOLIC("8480-6", "Systolic blood pressure", "Huyết áp tâm thu", "mmHg", "mm[Hg]", 0, null),
  DIASTOLIC("8462-4", "Diastolic blood pressure", "Huyết áp tâm trương", "mmHg", "mm[Hg]", 0, null),
  HEART_RATE("8867-4", "Heart rate", "Mạch", "lần/phút", "/min", 0, null),
  WEIGHT("29463-7", "Body weight", "Cân nặng", "kg", "kg", 1, null),
  HEIGHT("8302-2", "Body height", "Chiều cao", "cm", "cm", 0, null),
  BMI("39156-5", "Body mass index (BMI) [Ratio]", "Chỉ số khối cơ thể", "kg/m2", "kg/m2", 1, null),
  SPO2("2708-6", "Oxygen saturation in Arterial blood", "SpO2", "%", "%", 0, "59408-5"),
  HBA1C("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "HbA1c", "%", "%", 1, null),
  GLUCOSE_FASTING("14771-0", "Fasting glucose [Moles/volume] in Serum or Plasma", "Glucose máu lúc đói",
      "mmol/L", "mmol/L", 1, null),
  GLUCOSE_METER("14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer",
      "Đường huyết mao mạch", "mmol/L", "mmol/L", 1, null),
  CHOLESTEROL("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma", "Cholesterol toàn phần",
      "mmol/L", "mmol/L", 2, null),
  LDL("22748-8", "Cholesterol in LDL [Moles/volume] in Serum or Plasma", "LDL-C", "mmol/L", "mmol/L", 2, null),
  HDL("14646-4", "Cholesterol in HDL [Moles/volume] in Serum or Plasma", "HDL-C", "mmol/L", "mmol/L", 2, null),
  TRIGLYCERIDE("14927-8", "Triglyceride [Moles/volume] in Serum or Plasma", "Triglycerid", "mmol/L",
      "mmol/L", 2, null),
  CREATININE("14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "Creatinin", "µmol/L", "umol/L", 0, null),
  EGFR("62238-1",
      "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)",
      "eGFR (CKD-EPI)", "mL/phút/1,73m2", "mL/min/{1.73_m2}", 0, null);

  final String code;
  final String display;
  final String textVi;
  final String unit;
  final String ucum;
  final int scale;
  final @Nullable String alsoCode;

  Loinc(String code, String display, String textVi, String unit, String ucum, int scale, @Nullable String alsoCode) {
    this.code = code;
    this.display = display;
    this.textVi = textVi;
    this.unit = unit;
    this.ucum = ucum;
    this.scale = scale;
    this.alsoCode = alsoCode;
  }
}
