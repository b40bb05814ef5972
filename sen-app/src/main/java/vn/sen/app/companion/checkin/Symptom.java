package vn.sen.app.companion.checkin;

import org.jspecify.annotations.Nullable;

/** Symptoms a check-in may report, most of them common side effects of chronic-disease medicines. */
public enum Symptom implements Finding {
  DIZZINESS("dizziness", "404640003", "Dizziness", "Chóng mặt"),
  HEADACHE("headache", "25064002", "Headache", "Đau đầu"),
  DRY_COUGH("dry-cough", "11833005", "Dry cough", "Ho khan"),
  COUGH("cough", "49727002", "Cough", "Ho"),
  ANKLE_SWELLING("ankle-swelling", "267039000", "Swollen ankle", "Sưng/phù mắt cá chân"),
  MUSCLE_PAIN("muscle-pain", "68962001", "Muscle pain", "Đau cơ"),
  NAUSEA("nausea", "422587007", "Nausea", "Buồn nôn"),
  VOMITING("vomiting", "422400008", "Vomiting", "Nôn"),
  RASH("rash", "271807003", "Eruption of skin", "Nổi mẩn, phát ban"),
  ITCHING("itching", "418290006", "Itching", "Ngứa"),
  FATIGUE("fatigue", "84229001", "Fatigue", "Mệt mỏi"),
  STOMACH_PAIN("stomach-pain", "21522001", "Abdominal pain", "Đau bụng, đau dạ dày"),
  DIARRHOEA("diarrhoea", "62315008", "Diarrhea", "Tiêu chảy"),
  CONSTIPATION("constipation", "14760008", "Constipation", "Táo bón"),
  INSOMNIA("insomnia", "193462001", "Insomnia", "Mất ngủ"),
  PALPITATIONS("palpitations", "80313002", "Palpitations", "Hồi hộp, tim đập nhanh"),
  FLUSHING("flushing", null, "Flushing", "Đỏ bừng mặt"),
  FREQUENT_URINATION("frequent-urination", "162116003", "Increased frequency of urination", "Tiểu nhiều lần"),
  BLEEDING_GUMS("bleeding-gums", "86276007", "Bleeding gums", "Chảy máu chân răng"),
  BRUISING("bruising", "424131007", "Easy bruising", "Dễ bầm tím"),
  LOSS_OF_APPETITE("loss-of-appetite", "79890006", "Loss of appetite", "Chán ăn"),
  DRY_MOUTH("dry-mouth", "87715008", "Xerostomia", "Khô miệng"),
  HYPOGLYCAEMIA("hypoglycaemia", "302866003", "Hypoglycemia", "Hạ đường huyết"),
  /** "A side effect" without naming it. */
  UNSPECIFIED("side-effect", null, "Side effect, unspecified", "Tác dụng phụ (không rõ)");

  public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/checkin-symptom";

  private final Term term;

  Symptom(String code, @Nullable String snomed, String displayEn, String displayVi) {
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

  public static Symptom fromCode(String code) {
    return Term.byCode(Symptom.class, code);
  }
}
