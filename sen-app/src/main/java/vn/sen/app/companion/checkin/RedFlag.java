package vn.sen.app.companion.checkin;

/** The red flags of issue 5: any of them makes a check-in {@code unwell-urgent}. */
public enum RedFlag implements Finding {
  CHEST_PAIN("chest-pain", "29857009", "Chest pain", "Đau ngực"),
  BREATHING("breathing", "267036007", "Dyspnea", "Khó thở"),
  FAINTING("fainting", "271594007", "Syncope", "Ngất, bất tỉnh"),
  STROKE("stroke", "230690007", "Cerebrovascular accident (suspected: facial droop, one-sided weakness, slurred speech)",
      "Dấu hiệu đột quỵ (méo miệng, yếu nửa người, nói khó)"),
  SEIZURE("seizure", "91175000", "Seizure", "Co giật"),
  GI_BLEED("gi-bleed", "74474003", "Gastrointestinal hemorrhage (vomiting blood, black stools)",
      "Xuất huyết tiêu hoá (nôn ra máu, phân đen)"),
  ANAPHYLAXIS("anaphylaxis", "39579001", "Anaphylaxis", "Sốc phản vệ, dị ứng nặng"),
  HYPOGLYCAEMIA("hypoglycaemia", "302866003", "Hypoglycemia, severe", "Hạ đường huyết nặng"),
  HYPERTENSIVE("hypertensive", "706882009", "Hypertensive crisis (very high blood pressure with headache)",
      "Cơn tăng huyết áp (huyết áp rất cao kèm đau đầu)"),
  FALL("fall", "1912002", "Fall, unable to get up", "Ngã không tự đứng dậy được");

  public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/checkin-red-flag";

  private final Term term;

  RedFlag(String code, String snomed, String displayEn, String displayVi) {
    this.term = Term.of(code, snomed, displayEn, displayVi);
  }

  @Override
  public Term term() {
    return term;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  public static RedFlag fromCode(String code) {
    return Term.byCode(RedFlag.class, code);
  }
}
