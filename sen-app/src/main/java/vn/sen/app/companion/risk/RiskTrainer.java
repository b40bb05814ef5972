package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Trains the model on the record alone. Rows are taken as of a cut-off day: features from what was
 * recorded before it, the label from the doses recorded in the 30 days after it (completed doses
 * against the doses the prescriptions scheduled, below 80% or not). Without a given cut-off it is 30 days
 * before the last recorded dose. One patient in five (by id) is held back to report validation figures;
 * the stored model is then fitted on every row.
 */
final class RiskTrainer {
  static final double LAMBDA = 0.01;
  /** Fewer scheduled doses than this in the label window make no row (too few to say). */
  static final int MIN_LABEL_DOSES = 10;

  private final FeatureExtractor extractor = new FeatureExtractor();

  /** A labelled row. */
  record Row(RiskFeatures features, boolean below80) {}

  /** The trained model with its validation and training figures. */
  record Result(RiskModel model, LocalDate asOf, int rows, int patients, Metrics validation, Metrics training) {}

  Result train(RecordSource source, @Nullable LocalDate cutOff) {
    List<PatientHistory> histories = new ArrayList<>();
    source.forEachPatient(h -> {
      if (!h.doses.isEmpty()) {
        histories.add(h);
      }
    });
    LocalDate asOf = cutOff != null ? cutOff : lastDose(histories).plusDays(1).minusDays(FeatureExtractor.WINDOW);
    List<Row> rows = rows(histories, asOf);
    if (rows.size() < 20) {
      throw new IllegalArgumentException("only " + rows.size() + " labelled rows as of " + asOf
          + ": the record needs at least 60 days of companion doses (generate --companion-days 60)");
    }
    List<Row> fit = new ArrayList<>();
    List<Row> held = new ArrayList<>();
    for (Row r : rows) {
      (Math.floorMod(r.features().patientId().hashCode(), 5) == 0 ? held : fit).add(r);
    }
    LogisticTrainer trainer = new LogisticTrainer(LAMBDA);
    Metrics validation = held.size() >= 10 && fit.size() >= 10 ? score(trainer.fit(values(fit), labels(fit)), held)
        : Metrics.of(new double[0], new boolean[0]);
    RiskModel model = trainer.fit(values(rows), labels(rows));
    long patients = rows.stream().map(r -> r.features().patientId()).distinct().count();
    return new Result(model, asOf, rows.size(), (int) patients, validation, score(model, rows));
  }

  List<Row> rows(List<PatientHistory> histories, LocalDate asOf) {
    List<Row> rows = new ArrayList<>();
    LocalDate labelEnd = asOf.plusDays(FeatureExtractor.WINDOW);
    for (PatientHistory h : histories) {
      for (RiskFeatures f : extractor.extract(h, asOf)) {
        FeatureExtractor.Tally label = extractor.tally(h, f.medicineClass(), asOf, labelEnd);
        LocalDate last = h.lastDose();
        if (label.scheduled() >= MIN_LABEL_DOSES && last != null && !last.isBefore(asOf)) {
          rows.add(new Row(f, label.adherence() < 0.8));
        }
      }
    }
    return rows;
  }

  static Metrics score(RiskModel model, List<Row> rows) {
    double[] p = new double[rows.size()];
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = model.probability(rows.get(i).features().values());
      y[i] = rows.get(i).below80();
    }
    return Metrics.of(p, y);
  }

  private static LocalDate lastDose(List<PatientHistory> histories) {
    LocalDate last = null;
    for (PatientHistory h : histories) {
      LocalDate d = h.lastDose();
      if (d != null && (last == null || d.isAfter(last))) {
        last = d;
      }
    }
    if (last == null) {
      throw new IllegalArgumentException("no recorded doses (MedicationAdministration) to train on");
    }
    return last;
  }

  private static List<double[]> values(List<Row> rows) {
    return rows.stream().map(r -> r.features().values()).toList();
  }

  private static boolean[] labels(List<Row> rows) {
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rows.get(i).below80();
    }
    return y;
  }
}
