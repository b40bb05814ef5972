package vn.sen.app.companion.checkin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * Symptoms and red flags in a message. A phrase counts unless it is negated ("không đau ngực", "hết chóng
 * mặt") or only asked about ("thuốc này có gây ho không?"). Red flags made of several facts: severe
 * hypoglycaemia (low sugar, or its signs, with altered consciousness or a reading under 3.0 mmol/L), very
 * high blood pressure (≥ 180 systolic or ≥ 110 diastolic, or said so) with headache, a fall with inability
 * to get up, and an allergic rash with breathing trouble or faintness.
 */
final class Findings {
  /** Results for one message. */
  record Found(Set<RedFlag> redFlags, Set<Symptom> symptoms) {}

  private static final double SEVERE_GLUCOSE = 3.0;
  private static final double LOW_GLUCOSE = 3.9;
  private static final double MG_PER_DL_THRESHOLD = 25;
  private static final double MMOL_FROM_MG = 18.0;
  private static final double VERY_HIGH_SYSTOLIC = 180;
  private static final double VERY_HIGH_DIASTOLIC = 110;
  private static final List<RedFlag> DIRECT = List.of(RedFlag.CHEST_PAIN, RedFlag.BREATHING, RedFlag.FAINTING,
      RedFlag.STROKE, RedFlag.SEIZURE, RedFlag.GI_BLEED, RedFlag.ANAPHYLAXIS);
  private static final WordSet OVER = WordSet.of("over", "trên");

  private final Lexicon lexicon;

  Findings(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  Found find(CheckinText text, Clauses clauses) {
    Set<RedFlag> flags = EnumSet.noneOf(RedFlag.class);
    Set<Symptom> symptoms = EnumSet.noneOf(Symptom.class);
    for (Symptom s : Symptom.values()) {
      if (s != Symptom.HYPOGLYCAEMIA && reported(lexicon.find("symptom." + s.code(), text), clauses, false)) {
        symptoms.add(s);
      }
    }
    if (symptoms.contains(Symptom.DRY_COUGH)) {
      symptoms.remove(Symptom.COUGH);
    }
    for (RedFlag f : DIRECT) {
      if (reported(lexicon.find("flag." + f.code(), text), clauses, true)) {
        flags.add(f);
      }
    }
    boolean skin = reported(lexicon.find("flag.anaphylaxis-skin", text), clauses, true);
    boolean airway = reported(lexicon.find("flag.anaphylaxis-airway", text), clauses, true);
    if (skin && (flags.contains(RedFlag.BREATHING) || flags.contains(RedFlag.FAINTING) || airway
        || symptoms.contains(Symptom.DIZZINESS))) {
      flags.add(RedFlag.ANAPHYLAXIS);
    }
    hypoglycaemia(text, clauses, flags, symptoms);
    if (veryHighPressure(text, clauses) && (symptoms.contains(Symptom.HEADACHE)
        || reported(lexicon.find("bp.sign", text), clauses, true))) {
      flags.add(RedFlag.HYPERTENSIVE);
    }
    if (reported(lexicon.find("fall.event", text), clauses, true)
        && !lexicon.find("fall.stuck", text).isEmpty()) {
      flags.add(RedFlag.FALL);
    }
    return new Found(flags, symptoms);
  }

  private static boolean reported(List<Hit> hits, Clauses clauses, boolean redFlag) {
    for (Hit h : hits) {
      boolean asked = redFlag ? clauses.askedAboutCause(h.start()) : clauses.asked(h.start());
      if (!clauses.negated(h.start()) && !asked) {
        return true;
      }
    }
    return false;
  }

  private void hypoglycaemia(CheckinText text, Clauses clauses, Set<RedFlag> flags, Set<Symptom> symptoms) {
    double glucose = glucose(text);
    boolean direct = reported(lexicon.find("hypo.direct", text), clauses, false);
    long signs = lexicon.find("hypo.sign", text).stream().filter(h -> !clauses.negated(h.start()))
        .map(h -> text.token(h.start()).folded()).distinct().count();
    boolean low = direct || glucose < LOW_GLUCOSE || signs >= 2;
    if (!low) {
      return;
    }
    symptoms.add(Symptom.HYPOGLYCAEMIA);
    boolean altered = reported(lexicon.find("consciousness", text), clauses, true);
    boolean severeWord = direct && reported(lexicon.find("severe", text), clauses, true);
    if (altered || glucose < SEVERE_GLUCOSE || severeWord || flags.contains(RedFlag.FAINTING)
        || flags.contains(RedFlag.SEIZURE)) {
      flags.add(RedFlag.HYPOGLYCAEMIA);
    }
  }

  /** The lowest glucose reading after a glucose word, in mmol/L; +∞ when there is none. */
  private double glucose(CheckinText text) {
    double lowest = Double.POSITIVE_INFINITY;
    for (Hit h : lexicon.find("glucose.word", text)) {
      for (int i = h.end(); i < text.size() && i <= h.end() + 3; i++) {
        Token t = text.token(i);
        if (t.isNumber() && Double.isNaN(t.second())) {
          double v = t.number() > MG_PER_DL_THRESHOLD ? t.number() / MMOL_FROM_MG : t.number();
          lowest = Math.min(lowest, v);
          break;
        }
      }
    }
    return lowest;
  }

  private boolean veryHighPressure(CheckinText text, Clauses clauses) {
    if (reported(lexicon.find("bp.high", text), clauses, true)) {
      return true;
    }
    for (Hit h : lexicon.find("bp.word", text)) {
      for (int i = h.end(); i < text.size() && i <= h.end() + 3; i++) {
        Token t = text.token(i);
        if (!t.isNumber()) {
          continue;
        }
        double systolic = t.number();
        double diastolic = t.second();
        if (Double.isNaN(diastolic) && i + 2 < text.size() && OVER.contains(text.token(i + 1))
            && text.token(i + 2).isNumber()) {
          diastolic = text.token(i + 2).number();
        }
        if (systolic >= VERY_HIGH_SYSTOLIC || (!Double.isNaN(diastolic) && diastolic >= VERY_HIGH_DIASTOLIC)) {
          return true;
        }
        break;
      }
    }
    for (Token t : text.tokens()) {
      // A bare pair such as 200/110 reads as a blood pressure.
      if (t.isNumber() && !Double.isNaN(t.second()) && t.number() >= 70 && t.number() <= 300 && t.second() >= 40
          && (t.number() >= VERY_HIGH_SYSTOLIC || t.second() >= VERY_HIGH_DIASTOLIC)) {
        return true;
      }
    }
    return false;
  }
}
