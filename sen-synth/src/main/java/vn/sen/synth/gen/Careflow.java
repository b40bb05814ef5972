package vn.sen.synth.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import vn.sen.synth.gen.ClinicalWriter.Setting;
import vn.sen.synth.gen.PatientGenerator.Dx;
import vn.sen.synth.gen.PatientGenerator.Rx;

/**
 * Years of care for one patient: follow-up visits where medicines are dispensed, at the commune
 * station for simple chronic care, at the provincial hospital for complex conditions, from a private
 * clinic and pharmacy for the uninsured; yearly hospital check-ups on referral; admissions; acute
 * visits. Vitals and labs are computed from a per-patient physiology and the medicines actually on
 * hand, so trajectories respond to adherence.
 */
final class Careflow {
  private final SplittableRandom r;
  private final Emitter e;
  private final Person p;
  private final String patientRef;
  private final List<Dx> conditions;
  private final List<Rx> drugs;
  private final Behaviour behaviour;
  private final int startDay;
  private final int endDay;
  private final CareNetwork.Site site;

  // Physiology
  private final double untreatedSbp;
  private final double untreatedHba1c;
  private final double untreatedLdl;
  private final double heightCm;
  private final double bmi;
  private final double egfrAtStart;
  private boolean heightRecorded;

  final List<int[]> admissions = new ArrayList<>(); // {admitDay, dischargeDay}
  int encounters;
  int lastVisitDay = Integer.MIN_VALUE;
  @Nullable String lastEncounterRef;
  int droppedOutDays;
  /** The first chronic-care visit on or after the end date (when medicines would next be dispensed). */
  int nextVisitDay = Integer.MAX_VALUE;

  Careflow(
      SplittableRandom r, Emitter e, Person p, String patientRef, List<Dx> conditions, List<Rx> drugs,
      Behaviour behaviour, int startDay, int endDay) {
    this.r = r;
    this.e = e;
    this.p = p;
    this.patientRef = patientRef;
    this.conditions = conditions;
    this.drugs = drugs;
    this.behaviour = behaviour;
    this.startDay = startDay;
    this.endDay = endDay;
    this.site = p.site();
    this.untreatedSbp = has("hypertension") ? 148 + 22 * r.nextDouble() : 100 + 0.45 * p.age() + 6 * r.nextGaussian();
    this.untreatedHba1c = has("diabetes") ? 7.5 + 2.0 * r.nextDouble() : 5.1 + 0.6 * r.nextDouble();
    this.untreatedLdl = has("dyslipidaemia") || has("ihd") ? 3.9 + 0.9 * r.nextDouble() : 2.4 + 0.9 * r.nextDouble();
    this.heightCm = p.male() ? 164 + 6 * r.nextGaussian() : 153 + 5 * r.nextGaussian();
    this.bmi = 21.5 + 2.8 * r.nextGaussian() + (has("diabetes") ? 2 : 0);
    double egfr = 112 - 0.9 * Math.max(0, p.age() - 30) + 8 * r.nextGaussian();
    this.egfrAtStart = has("ckd") ? 32 + 25 * r.nextDouble() : Math.max(62, egfr);
  }

  boolean has(String key) {
    return conditions.stream().anyMatch(d -> d.condition().key().equals(key));
  }

  @Nullable Dx dx(String key) {
    for (Dx d : conditions) {
      if (d.condition().key().equals(key)) {
        return d;
      }
    }
    return null;
  }

  /** Where chronic medicines come from. */
  enum Mode {
    STATION,
    HOSPITAL,
    PRIVATE
  }

  Mode mode() {
    if (!p.insured()) {
      return Mode.PRIVATE;
    }
    for (String k : List.of("heart_failure", "atrial_fibrillation", "copd", "hepatitis_b", "dementia",
        "ckd", "stroke", "tuberculosis", "depression")) {
      if (has(k)) {
        return Mode.HOSPITAL;
      }
    }
    return Mode.STATION;
  }

  void run() {
    if (!drugs.isEmpty()) {
      chronicCare();
    } else if (!conditions.isEmpty()) {
      periodicReview();
    }
    acuteVisits();
  }

  private void chronicCare() {
    Mode mode = mode();
    int supply = mode == Mode.HOSPITAL ? 60 : 30;
    CareNetwork.Org org = switch (mode) {
      case STATION -> site.station();
      case HOSPITAL -> site.hospital();
      case PRIVATE -> site.clinic();
    };
    String doctor = mode == Mode.STATION ? site.stationDoctor().id() : site.hospitalDoctor().id();
    int t = drugs.stream().mapToInt(rx -> rx.start).min().orElse(startDay);
    int visit = 0;
    int nextCheckup = t + 200 + r.nextInt(165);
    double p0 = behaviour.propensity();
    while (t < endDay) {
      int today = t;
      if (drugs.stream().noneMatch(rx -> rx.reason.abated() == null || rx.reason.abated() > today)) {
        break;
      }
      boolean afterDischarge = recentlyDischarged(t);
      double adherence = Math.max(0.02, p0 - (afterDischarge ? 0.1 : 0));
      String enc = Ids.uuid(r);
      String encRef = e.ref("Encounter", enc);
      int minute = 7 * 60 + r.nextInt(4 * 60);
      Dx main = drugs.getFirst().reason;
      ClinicalWriter.encounter(e, enc, patientRef, Setting.AMB,
          mode == Mode.STATION ? "Khám và cấp thuốc bệnh mạn tính" : "Khám ngoại trú định kỳ", t, minute,
          t, minute + 20, doctor, org, e.ref("Condition", main.uuid()), null);
      encounters++;
      lastVisitDay = t;
      lastEncounterRef = encRef;
      vitals(encRef, t, minute, visit % 3 == 0, mode != Mode.STATION);
      if (mode == Mode.HOSPITAL && visit % 2 == 0 || mode != Mode.HOSPITAL && visit % 6 == 0 && has("diabetes")) {
        labs(encRef, t, minute, visit % 6 == 0);
      }
      dispenseDue(mode, org, doctor, supply, t, minute, encRef);
      if (mode == Mode.STATION && t >= nextCheckup) {
        hospitalCheckup(t + 3 + r.nextInt(10));
        nextCheckup += 330 + r.nextInt(70);
      }
      maybeAdmission(t);
      int delay = refillDelay(adherence, t, supply);
      t += supply + delay;
      visit++;
    }
    nextVisitDay = t;
  }

  /** Writes a prescription when none is valid, then dispenses every medicine due at this visit. */
  private void dispenseDue(
      Mode mode, CareNetwork.Org org, String doctor, int supply, int t, int minute, String encRef) {
    for (Rx rx : drugs) {
      if (!rx.activeOn(t)) {
        continue;
      }
      if (rx.currentRequest == null || t >= rx.requestUntil) {
        rx.currentRequest = Ids.uuid(r);
        int valid = rx.drug.key().equals("rhze") ? 180 : 360;
        rx.requestUntil = t + valid;
        ClinicalWriter.medicationRequest(e, rx.currentRequest, patientRef, rx.drug, t, valid, supply,
            doctor, e.ref("Condition", rx.reason.uuid()), encRef, t + valid > endDay);
      }
      String dispenser = switch (mode) {
        case PRIVATE -> site.pharmacist().id();
        case STATION -> site.stationNurse().id();
        case HOSPITAL -> doctor;
      };
      CareNetwork.Org dispensedAt = mode == Mode.PRIVATE ? site.pharmacy() : org;
      ClinicalWriter.dispense(e, Ids.uuid(r), patientRef, rx.drug, e.ref("MedicationRequest", rx.currentRequest),
          mode == Mode.PRIVATE ? null : encRef, t, minute + 25, supply, dispenser, dispensedAt);
      rx.fills.add(new int[] {t, supply});
    }
  }

  /**
   * Days late for the next refill: on time with a probability rising with the propensity, otherwise an
   * exponential delay whose mean grows as the propensity falls; sometimes a drop-out of 3–11 months.
   */
  private int refillDelay(double adherence, int t, int supply) {
    int delay = r.nextDouble() < Math.pow(adherence, 0.7) ? r.nextInt(3) - 2
        : (int) (-Math.log(1 - r.nextDouble()) * (5 + 45 * (1 - adherence)));
    if (r.nextDouble() < 0.004 + 0.03 * (1 - adherence)) {
      int gap = 90 + r.nextInt(240);
      droppedOutDays += Math.min(gap, Math.max(0, endDay - t - supply));
      delay += gap;
    }
    return delay;
  }

  private void periodicReview() {
    int t = startDay + r.nextInt(180);
    while (t < endDay) {
      if (allAfter(t)) {
        t += 180;
        continue;
      }
      String enc = Ids.uuid(r);
      String encRef = e.ref("Encounter", enc);
      int minute = 8 * 60 + r.nextInt(3 * 60);
      Dx main = conditions.getFirst();
      ClinicalWriter.encounter(e, enc, patientRef, Setting.AMB, "Khám chuyên khoa định kỳ", t, minute, t,
          minute + 30, site.hospitalDoctor().id(), site.hospital(), e.ref("Condition", main.uuid()), null);
      encounters++;
      lastEncounterRef = encRef;
      lastVisitDay = t;
      vitals(encRef, t, minute, true);
      labs(encRef, t, minute, true);
      maybeAdmission(t);
      t += 150 + r.nextInt(220);
    }
  }

  private boolean recentlyDischarged(int day) {
    for (int[] a : admissions) {
      if (day - a[1] >= 0 && day - a[1] < 60) {
        return true;
      }
    }
    return false;
  }

  private boolean allAfter(int day) {
    for (Dx d : conditions) {
      if (d.onset() <= day) {
        return false;
      }
    }
    return true;
  }

  private void hospitalCheckup(int day) {
    if (day >= endDay) {
      return;
    }
    String referral = Ids.uuid(r);
    Extras.referral(e, referral, patientRef, site, day - 3, "Chuyển tuyến khám chuyên khoa, xét nghiệm định kỳ");
    String enc = Ids.uuid(r);
    String encRef = e.ref("Encounter", enc);
    int minute = 7 * 60 + r.nextInt(3 * 60);
    ClinicalWriter.encounter(e, enc, patientRef, Setting.AMB, "Khám chuyên khoa theo giấy chuyển tuyến", day,
        minute, day, minute + 40, site.hospitalDoctor().id(), site.hospital(), null,
        e.ref("ServiceRequest", referral));
    encounters++;
    vitals(encRef, day, minute, true);
    labs(encRef, day, minute, true);
  }

  private void maybeAdmission(int t) {
    double yearlyRate = 0;
    for (Dx d : conditions) {
      yearlyRate += switch (d.condition().key()) {
        case "heart_failure" -> 0.35;
        case "copd" -> 0.25;
        case "stroke" -> 0.12;
        case "ihd" -> 0.1;
        case "liver_cancer", "lung_cancer", "colorectal_cancer", "breast_cancer" -> 0.5;
        default -> p.age() >= 75 ? 0.02 : 0.005;
      };
    }
    double perVisit = yearlyRate * 45 / 365.0;
    if (r.nextDouble() >= perVisit || t + 20 >= endDay) {
      return;
    }
    int admit = t + 5 + r.nextInt(10);
    int stay = 3 + r.nextInt(8);
    Dx reason = conditions.stream().filter(d -> d.onset() <= admit).findFirst().orElse(conditions.getFirst());
    String enc = Ids.uuid(r);
    String encRef = e.ref("Encounter", enc);
    int minute = r.nextInt(1440);
    CareNetwork.Org where = p.age() < 80 && r.nextDouble() < 0.1 ? site.central() : site.hospital();
    ClinicalWriter.encounter(e, enc, patientRef, Setting.IMP, "Điều trị nội trú", admit, minute,
        admit + stay, 9 * 60 + r.nextInt(120), site.hospitalDoctor().id(), where,
        e.ref("Condition", reason.uuid()), null);
    encounters++;
    admissions.add(new int[] {admit, admit + stay});
    vitals(encRef, admit, minute + 30, true);
    labs(encRef, admit, minute + 60, true);
  }

  private void acuteVisits() {
    double rate = p.age() < 6 ? 1.0 : p.age() < 18 ? 0.3 : p.age() < 60 ? 0.25 : 0.5;
    int years = Math.max(1, (endDay - startDay) / 365);
    String[] reasons = p.age() < 16
        ? new String[] {"Sốt, ho", "Viêm họng cấp", "Tiêu chảy cấp", "Khám sức khỏe"}
        : new String[] {"Viêm họng cấp", "Đau lưng", "Sốt", "Đau dạ dày", "Khám sức khỏe định kỳ"};
    for (int y = 0; y < years; y++) {
      int visits = 0;
      double u = r.nextDouble();
      double pk = Math.exp(-rate);
      double cum = pk;
      while (u > cum && visits < 6) {
        visits++;
        pk *= rate / visits;
        cum += pk;
      }
      for (int v = 0; v < visits; v++) {
        int day = startDay + y * 365 + r.nextInt(365);
        if (day < p.birthDay() || day >= endDay) {
          continue;
        }
        boolean clinic = p.urban() && r.nextDouble() < 0.4;
        CareNetwork.Org org = clinic ? site.clinic() : site.station();
        String enc = Ids.uuid(r);
        int minute = 7 * 60 + r.nextInt(10 * 60);
        ClinicalWriter.encounter(e, enc, patientRef, Setting.AMB, reasons[r.nextInt(reasons.length)], day,
            minute, day, minute + 15, clinic ? site.hospitalDoctor().id() : site.stationDoctor().id(), org,
            null, null);
        encounters++;
        String encRef = e.ref("Encounter", enc);
        int ageAtVisit = (day - p.birthDay()) / 365;
        if (ageAtVisit >= 18) {
          bloodPressure(encRef, day, minute + 5, null);
        } else {
          double kg = ageAtVisit < 1 ? 7 + r.nextDouble() * 3 : 9 + ageAtVisit * 2.6 + r.nextGaussian();
          ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, true, Loinc.WEIGHT,
              kg, Times.dateTime(day, minute + 5), null);
        }
      }
    }
  }

  private void vitals(String encRef, int day, int minute, boolean weight) {
    vitals(encRef, day, minute, weight, true);
  }

  private void vitals(String encRef, int day, int minute, boolean weight, boolean pulse) {
    bloodPressure(encRef, day, minute + 5, null);
    if (pulse) {
      ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, true, Loinc.HEART_RATE,
          heartRate(), Times.dateTime(day, minute + 5), null);
    }
    if (weight) {
      ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, true, Loinc.WEIGHT,
          weightAt(day), Times.dateTime(day, minute + 6), null);
      if (!heightRecorded) {
        heightRecorded = true;
        ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, true, Loinc.HEIGHT,
            heightCm, Times.dateTime(day, minute + 6), null);
        ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, true, Loinc.BMI,
            weightAt(day) / (heightCm * heightCm / 10_000), Times.dateTime(day, minute + 6), null);
      }
    }
  }

  double heartRate() {
    double hr = 76 + 9 * r.nextGaussian() - (onDrug("bisoprolol", lastVisitDay) > 0.5 ? 8 : 0)
        + (has("atrial_fibrillation") ? 12 : 0);
    return Math.max(48, Math.min(140, hr));
  }

  double weightAt(int day) {
    double years = (day - startDay) / 365.0;
    double kg = bmi * heightCm * heightCm / 10_000 + (p.age() >= 75 ? -0.4 * years : 0.2 * years);
    return Math.max(30, kg + 0.8 * r.nextGaussian());
  }

  /** Coverage of a drug in the 30 days before a day, times the patient's dose-taking. */
  double onDrug(String key, int day) {
    for (Rx rx : drugs) {
      if (rx.drug.key().equals(key)) {
        return rx.coverage(day - 30, day) * behaviour.propensity();
      }
    }
    return 0;
  }

  double systolicAt(int day) {
    double effect = 0;
    double weightOfNext = 14;
    for (String k : List.of("amlodipine", "losartan", "perindopril", "hydrochlorothiazide", "bisoprolol")) {
      double taken = onDrug(k, day);
      if (taken > 0) {
        effect += weightOfNext * taken;
        weightOfNext *= 0.6;
      }
    }
    return untreatedSbp - effect + 8 * r.nextGaussian();
  }

  void bloodPressure(@Nullable String encRef, int day, int minute, @Nullable String deviceRef) {
    double sbp = Math.max(85, Math.min(230, systolicAt(day)));
    double dbp = Math.max(50, Math.min(130, 0.52 * sbp + 12 + 5 * r.nextGaussian()));
    ClinicalWriter.bloodPressure(e, Ids.uuid(r), patientRef, encRef, Math.round(sbp), Math.round(dbp),
        Times.dateTime(day, minute), deviceRef);
  }

  double hba1cAt(int day) {
    double effect = 1.3 * onDrug("metformin", day) + 0.9 * onDrug("gliclazide", day);
    double drift = has("diabetes") ? 0.12 * (day - startDay) / 365.0 : 0;
    return Math.max(4.6, untreatedHba1c + drift - effect + 0.25 * r.nextGaussian());
  }

  void labs(String encRef, int day, int minute, boolean full) {
    String at = Times.dateTime(day, minute + 10);
    double a1c = hba1cAt(day);
    if (has("diabetes")) {
      ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.HBA1C, a1c, at, null);
    }
    if (has("diabetes") || full) {
      double glucose = Math.max(3.8, (1.59 * a1c - 2.59) * 0.9 + 0.5 * r.nextGaussian());
      ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.GLUCOSE_FASTING,
          glucose, at, null);
    }
    if (!full) {
      return;
    }
    double statin = Math.max(onDrug("atorvastatin", day), onDrug("rosuvastatin", day));
    double ldl = Math.max(0.8, untreatedLdl * (1 - 0.45 * statin) + 0.25 * r.nextGaussian());
    double hdl = Math.max(0.6, (p.male() ? 1.1 : 1.3) + 0.2 * r.nextGaussian());
    double tg = Math.max(0.5, 1.6 + (has("diabetes") ? 0.6 : 0) + 0.5 * r.nextGaussian());
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.CHOLESTEROL,
        ldl + hdl + tg / 2.2, at, null);
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.LDL, ldl, at, null);
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.HDL, hdl, at, null);
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.TRIGLYCERIDE, tg, at, null);
    double years = (day - startDay) / 365.0;
    double decline = has("ckd") ? 2.0 : has("diabetes") ? 1.5 : 0.8;
    double egfr = Math.min(125, Math.max(8, egfrAtStart - decline * years + 3 * r.nextGaussian()));
    int ageAt = (day - p.birthDay()) / 365;
    double k = p.male() ? 0.9 : 0.7;
    double scr = k * Math.pow(egfr / (142 * Math.pow(0.9938, ageAt) * (p.male() ? 1 : 1.012)), -1 / 1.2);
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.CREATININE,
        scr * 88.4, at, null);
    ClinicalWriter.quantityObservation(e, Ids.uuid(r), patientRef, encRef, false, Loinc.EGFR, egfr, at, null);
  }

  Person person() {
    return p;
  }

  SplittableRandom random() {
    return r;
  }
}
