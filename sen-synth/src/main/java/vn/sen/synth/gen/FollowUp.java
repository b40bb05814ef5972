package vn.sen.synth.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import vn.sen.synth.gen.Companion.DoseOutcome;
import vn.sen.synth.gen.PatientGenerator.Rx;

/**
 * The days after the end date for a patient enrolled in the companion, played out with the same latent
 * behaviour (per-dose probability, supply on hand, refill delays) but written only to the ground truth:
 * per medicine class, how many scheduled doses were taken, late, skipped or missed. It is the label a
 * non-adherence model is scored against, so it comes from the simulation and never from the record.
 *
 * <p>It draws from its own random stream, seeded apart from the patient's, after everything else: the
 * generated record is the same with and without it.
 */
final class FollowUp {
  /** Keeps this stream apart from the patient's own (Ids.mix of the same index). */
  static final long SALT = 0x5E4F_0110_FA11_0B0AL;

  private FollowUp() {}

  /** The medicine class of a drug: its ATC code's third level (pharmacological subgroup, e.g. C09A). */
  static String medicineClass(Rx rx) {
    return rx.drug.atc().substring(0, 4);
  }

  static void run(SplittableRandom r, Person p, List<Rx> drugs, Behaviour behaviour, Careflow flow, int endDay,
      int days, GroundTruth truth) {
    List<Rx> active = new ArrayList<>();
    for (Rx rx : drugs) {
      if (!rx.fills.isEmpty() && rx.currentRequest != null && rx.activeOn(endDay)) {
        active.add(rx);
      }
    }
    if (active.isEmpty()) {
      return;
    }
    int supply = flow.mode() == Careflow.Mode.HOSPITAL ? 60 : 30;
    double adherence = behaviour.propensity();
    int visit = Math.max(endDay, flow.nextVisitDay);
    double pDose = 0.1 + 0.88 * behaviour.propensity();
    Map<String, int[]> byClass = new TreeMap<>(); // scheduled, taken, late, skipped, missed
    Map<String, List<String>> drugsByClass = new TreeMap<>();
    for (int day = endDay; day < endDay + days; day++) {
      if (day == visit) {
        for (Rx rx : active) {
          if (rx.activeOn(day)) {
            rx.fills.add(new int[] {day, supply});
          }
        }
        visit += supply + refillDelay(r, adherence);
      }
      for (Rx rx : active) {
        if (!rx.activeOn(day) || rx.drug.periodDays() == 7 && (day - rx.start) % 7 != 0) {
          continue;
        }
        boolean onHand = rx.coverage(day, day + 1) > 0;
        String cls = medicineClass(rx);
        int[] counts = byClass.computeIfAbsent(cls, k -> new int[5]);
        List<String> keys = drugsByClass.computeIfAbsent(cls, k -> new ArrayList<>());
        if (!keys.contains(rx.drug.key())) {
          keys.add(rx.drug.key());
        }
        for (int i = 0; i < rx.drug.dosesPerPeriod(); i++) {
          counts[0]++;
          counts[1 + DoseOutcome.draw(r.nextDouble(), pDose, onHand).ordinal()]++;
        }
      }
    }
    byClass.forEach((cls, c) -> truth.followUp(p.uuid(), cls, drugsByClass.get(cls), endDay, days, c));
  }

  /** As Careflow's refill delay, without drop-outs (too rare to matter in a few weeks). */
  private static int refillDelay(SplittableRandom r, double adherence) {
    return r.nextDouble() < Math.pow(adherence, 0.7) ? r.nextInt(3) - 2
        : (int) (-Math.log(1 - r.nextDouble()) * (5 + 45 * (1 - adherence)));
  }
}
