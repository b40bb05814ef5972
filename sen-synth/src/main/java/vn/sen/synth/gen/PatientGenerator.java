package vn.sen.synth.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import vn.sen.synth.data.ConditionCatalogue;
import vn.sen.synth.data.ConditionCatalogue.Condition;
import vn.sen.synth.data.DrugCatalogue;
import vn.sen.synth.data.DrugCatalogue.Drug;

/**
 * Generates one patient's whole record from a random seeded by (population seed, patient index):
 * demographics, conditions, years of encounters with vitals and labs whose values respond to the
 * medicines actually dispensed and taken, prescriptions, dispenses whose gaps follow the patient's
 * latent adherence, and the recent dose-level companion data. Holds no state between patients.
 */
public final class PatientGenerator {
  private final CareNetwork network;
  private final PersonFactory persons;
  private final long seed;
  private final int startDay;
  private final int endDay;
  private final int companionDays;
  private final double longHistoryShare;
  private final int followUpDays;

  public PatientGenerator(
      CareNetwork network, long seed, int startDay, int endDay, int companionDays,
      double longHistoryShare, int followUpDays) {
    this.network = network;
    this.seed = seed;
    this.startDay = startDay;
    this.endDay = endDay;
    this.companionDays = companionDays;
    this.longHistoryShare = longHistoryShare;
    this.followUpDays = followUpDays;
    this.persons = new PersonFactory(network, endDay);
  }

  /** A diagnosed condition. */
  record Dx(Condition condition, int onset, @Nullable Integer abated, String uuid) {}

  /** A medicine the patient is meant to take, with its dispensing history. */
  static final class Rx {
    final Drug drug;
    final Dx reason;
    final int start;
    final List<int[]> fills = new ArrayList<>(); // {day, supplyDays}
    @Nullable String currentRequest;
    int requestUntil = Integer.MIN_VALUE;
    boolean sideEffects;

    Rx(Drug drug, Dx reason, int start) {
      this.drug = drug;
      this.reason = reason;
      this.start = start;
    }

    /** Whether the medicine is still meant to be taken on this day (its condition not resolved). */
    boolean activeOn(int day) {
      Integer abated = reason.abated();
      return day >= start && (abated == null || day < abated);
    }

    /**
     * Fraction of the days in [from, to) covered by a fill; a day counts once however many fills cover
     * it. Fills are recorded in date order, so one pass with a cursor merges overlaps.
     */
    double coverage(int from, int to) {
      int covered = 0;
      int cursor = from;
      for (int[] f : fills) {
        int start = Math.max(f[0], cursor);
        int end = Math.min(f[0] + f[1], to);
        if (end > start) {
          covered += end - start;
          cursor = end;
        }
      }
      return to > from ? (double) covered / (to - from) : 0;
    }
  }

  /** Generates patient {@code index} (1-based) into the emitter and the ground-truth sink. */
  public void generate(int index, Emitter e, GroundTruth truth) {
    SplittableRandom r = new SplittableRandom(Ids.mix(seed, index));
    List<CareNetwork.Site> sites = network.sites();
    CareNetwork.Site site =
        index <= sites.size() ? sites.get(index - 1) : sites.get(r.nextInt(sites.size()));
    Person p = persons.create(index, r, site);
    PatientWriter.write(e, p);
    String patientRef = e.ref("Patient", p.uuid());

    List<Dx> conditions = conditions(r, p);
    for (Dx dx : conditions) {
      ClinicalWriter.condition(e, dx.uuid(), patientRef, dx.condition(), dx.onset(), dx.abated(),
          recorderFor(site, dx.condition()));
    }
    List<Rx> drugs = prescribe(r, conditions);
    Behaviour behaviour = Behaviour.draw(r, p, conditions, drugs);
    Careflow flow = new Careflow(r, e, p, patientRef, conditions, drugs, behaviour, startDay, endDay);
    flow.run();
    Extras.write(r, e, p, patientRef, conditions, flow, startDay, endDay);
    boolean longHistory = !drugs.isEmpty() && r.nextDouble() < longHistoryShare;
    int window = longHistory ? Math.max(companionDays, 180) : companionDays;
    Companion companion = new Companion(r, e, p, patientRef, drugs, behaviour, flow, endDay, window);
    companion.run(truth);
    truth.patient(p, conditions, drugs, behaviour, flow, companion, startDay, endDay);
    if (followUpDays > 0 && companion.enrolled) {
      FollowUp.run(new SplittableRandom(Ids.mix(seed ^ FollowUp.SALT, index)), p, drugs, behaviour, flow, endDay,
          followUpDays, truth);
    }
  }

  private static String recorderFor(CareNetwork.Site site, Condition c) {
    return switch (c.key()) {
      case "hypertension", "diabetes", "osteoarthritis", "asthma", "dyslipidaemia" -> site.stationDoctor().id();
      default -> site.hospitalDoctor().id();
    };
  }

  private List<Dx> conditions(SplittableRandom r, Person p) {
    double z = r.nextGaussian();
    double cardio = Math.exp(0.6 * z - 0.18);
    int band = ConditionCatalogue.band(p.age());
    List<Dx> out = new ArrayList<>();
    boolean htnOrDm = false;
    for (Condition c : ConditionCatalogue.CONDITIONS) {
      double prevalence = c.prevalence()[band] * (p.male() ? c.maleFactor() : c.femaleFactor());
      if (c.cardioMetabolic()) {
        prevalence *= cardio;
        if (htnOrDm && (c.key().equals("heart_failure") || c.key().equals("ihd")
            || c.key().equals("ckd") || c.key().equals("stroke"))) {
          prevalence *= 1.6;
        }
      }
      if (r.nextDouble() >= Math.min(0.95, prevalence)) {
        continue;
      }
      if (c.key().equals("hypertension") || c.key().equals("diabetes")) {
        htnOrDm = true;
      }
      int minOnsetAge = p.age() < 18 ? 0 : 18;
      int years = Math.min(p.age() - minOnsetAge, c.key().equals("asthma") ? 30 : 15);
      int onset = endDay - 30 - (int) (r.nextDouble() * Math.max(0, years) * 365);
      onset = Math.max(onset, p.birthDay() + 30);
      Integer abated = null;
      if (c.key().equals("tuberculosis")) {
        // Tuberculosis is treated for six months within the window, then resolved.
        onset = startDay + r.nextInt(Math.max(1, endDay - startDay - 200));
        abated = onset + 180;
      }
      out.add(new Dx(c, onset, abated, Ids.uuid(r)));
    }
    return out;
  }

  private List<Rx> prescribe(SplittableRandom r, List<Dx> conditions) {
    List<Rx> out = new ArrayList<>();
    for (Dx dx : conditions) {
      var options = DrugCatalogue.TREATMENT.get(dx.condition().key());
      if (options == null) {
        continue;
      }
      boolean any = false;
      for (var o : options) {
        boolean already = out.stream().anyMatch(rx -> rx.drug.key().equals(o.drugKey()));
        if (already || r.nextDouble() >= o.probability()) {
          continue;
        }
        // Pairs that are not prescribed together.
        if (o.drugKey().equals("rosuvastatin") && has(out, "atorvastatin")
            || o.drugKey().equals("atorvastatin") && has(out, "rosuvastatin")
            || o.drugKey().equals("perindopril") && has(out, "losartan")
            || o.drugKey().equals("losartan") && has(out, "perindopril")) {
          continue;
        }
        out.add(new Rx(DrugCatalogue.drug(o.drugKey()), dx, Math.max(dx.onset(), startDay)));
        any = true;
      }
      if (!any && (dx.condition().key().equals("hypertension") || dx.condition().key().equals("diabetes"))
          && r.nextDouble() < 0.7) {
        String key = dx.condition().key().equals("hypertension") ? "amlodipine" : "metformin";
        if (!has(out, key)) {
          out.add(new Rx(DrugCatalogue.drug(key), dx, Math.max(dx.onset(), startDay)));
        }
      }
    }
    out.removeIf(rx -> rx.start >= endDay - 7 || rx.reason.abated() != null && rx.reason.abated() < startDay);
    return out;
  }

  private static boolean has(List<Rx> list, String key) {
    return list.stream().anyMatch(rx -> rx.drug.key().equals(key));
  }
}
