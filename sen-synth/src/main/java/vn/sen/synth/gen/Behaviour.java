package vn.sen.synth.gen;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A patient's latent medication-taking behaviour. The propensity is a logistic function of factors
 * documented as predictors of non-adherence (Vrijens 2012 taxonomy; WHO 2003 report): age, regimen
 * complexity, cognitive impairment, depression, side effects, cost and insurance, living alone; plus
 * individual noise. Coefficients are Sen's choice, written to the ground truth with the factors.
 *
 * @param propensity probability-like score in (0,1): the chance a given dose is taken
 * @param dailyDoses scheduled doses per day across all medicines
 */
public record Behaviour(
    double propensity,
    double logit,
    int dailyDoses,
    boolean cognitiveImpairment,
    boolean depression,
    boolean sideEffects,
    boolean costBarrier,
    boolean livesAlone,
    boolean olderAge,
    boolean youngerAdult,
    double noise) {

  static Behaviour draw(
      SplittableRandom r, Person p, List<PatientGenerator.Dx> conditions, List<PatientGenerator.Rx> drugs) {
    int doses = 0;
    int monthlyCost = 0;
    boolean sideEffects = false;
    for (PatientGenerator.Rx rx : drugs) {
      doses += rx.drug.periodDays() == 7 ? 0 : rx.drug.dosesPerPeriod();
      monthlyCost += rx.drug.monthlyCostVnd();
      if (r.nextDouble() < rx.drug.sideEffectRisk()) {
        rx.sideEffects = true;
        sideEffects = true;
      }
    }
    boolean dementia = has(conditions, "dementia");
    boolean depression = has(conditions, "depression");
    boolean cost = !p.insured() || monthlyCost > 500_000 && r.nextDouble() < 0.5;
    boolean older = p.age() >= 80;
    boolean younger = p.age() < 50;
    double noise = r.nextGaussian() * 0.7;
    double logit = 1.7
        - 0.25 * Math.max(0, doses - 3)
        - (dementia ? (p.caregiver() != null && p.caregiver().livesWithPatient() ? 0.4 : 1.0) : 0)
        - (depression ? 0.6 : 0)
        - (sideEffects ? 0.5 : 0)
        - (cost ? 0.6 : 0)
        - (p.livesAlone() ? 0.4 : 0)
        - (older ? 0.3 : 0)
        - (younger ? 0.4 : 0)
        + noise;
    double propensity = 1 / (1 + Math.exp(-logit));
    return new Behaviour(propensity, logit, doses, dementia, depression, sideEffects, cost,
        p.livesAlone(), older, younger, noise);
  }

  private static boolean has(List<PatientGenerator.Dx> conditions, String key) {
    return conditions.stream().anyMatch(d -> d.condition().key().equals(key));
  }
}
