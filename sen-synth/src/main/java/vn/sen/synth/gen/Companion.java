package vn.sen.synth.gen;

import java.util.List;
import java.util.SplittableRandom;
import vn.sen.synth.gen.PatientGenerator.Rx;

/** The medication companion's recent window: dose events, check-in messages, home devices. */
final class Companion {
  private final SplittableRandom r;
  private final Emitter e;
  private final Person p;
  private final String patientRef;
  private final List<Rx> drugs;
  private final Behaviour behaviour;
  private final Careflow flow;
  private final int endDay;
  private final int windowDays;
  boolean enrolled;
  int scheduled;
  int taken;
  int late;
  int skipped;
  int missed;

  Companion(SplittableRandom r, Emitter e, Person p, String patientRef, List<Rx> drugs, Behaviour behaviour,
      Careflow flow, int endDay, int windowDays) {
    this.r = r;
    this.e = e;
    this.p = p;
    this.patientRef = patientRef;
    this.drugs = drugs;
    this.behaviour = behaviour;
    this.flow = flow;
    this.endDay = endDay;
    this.windowDays = windowDays;
  }

  void run(GroundTruth truth) {
  }
}
