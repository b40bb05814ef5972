package vn.sen.app.companion.risk;

/**
 * The model's inputs, in vector order, each with the words a clinician reads in a RiskAssessment's
 * rationale (Vietnamese first). Changing the list or its order needs a new model (training checks it).
 */
enum Feature {
  DOSE_ADHERENCE_30D("tỷ lệ uống đúng liều 30 ngày qua", "dose adherence, last 30 days"),
  DOSE_ADHERENCE_30D_LOGIT("tỷ lệ uống đúng liều 30 ngày qua (thang logit)", "dose adherence, last 30 days (logit)"),
  DOSE_ADHERENCE_7D("tỷ lệ uống đúng liều 7 ngày qua", "dose adherence, last 7 days"),
  DOSE_TREND("xu hướng tuân thủ (7 ngày so với trước đó)", "adherence trend (last 7 days against before)"),
  OVERALL_ADHERENCE_30D("tuân thủ chung mọi thuốc 30 ngày qua", "overall dose adherence, all medicines"),
  OUT_OF_STOCK_DOSES_30D("liều bỏ do hết thuốc", "doses skipped for lack of medicine"),
  PDC_180D("tỷ lệ ngày có thuốc (PDC) 180 ngày", "proportion of days covered, 180 days"),
  SUPPLY_GAP("số ngày đã hết thuốc", "days without supply now"),
  LONGEST_REFILL_DELAY("lần lấy thuốc trễ nhất trong năm", "longest refill delay in the year"),
  MEDICINES("số nhóm thuốc đang dùng", "number of medicine classes"),
  DAILY_DOSES("số liều mỗi ngày", "daily doses"),
  AGE("tuổi", "age"),
  AGE_80_PLUS("từ 80 tuổi", "aged 80 or more"),
  AGE_UNDER_50("dưới 50 tuổi", "aged under 50"),
  LONG_TERM_CONDITIONS("số bệnh mạn tính (đo độ yếu)", "long-term conditions (frailty)"),
  COGNITIVE_IMPAIRMENT("suy giảm nhận thức", "cognitive impairment"),
  DEPRESSION("trầm cảm", "depression"),
  SIDE_EFFECT_REPORTS("báo tác dụng phụ 90 ngày qua", "side-effect reports, 90 days"),
  RECENT_DISCHARGE("mới ra viện (60 ngày)", "discharged in the last 60 days"),
  LIVES_ALONE("sống một mình", "lives alone"),
  UNINSURED("không có bảo hiểm y tế", "no health insurance");

  private final String vi;
  private final String en;

  Feature(String vi, String en) {
    this.vi = vi;
    this.en = en;
  }

  String vi() {
    return vi;
  }

  String en() {
    return en;
  }

  static final int COUNT = values().length;
}
