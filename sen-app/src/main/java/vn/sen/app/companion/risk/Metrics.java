package vn.sen.app.companion.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well predicted probabilities match outcomes: AUC (the chance a random positive ranks above a
 * random negative, ties counting half), the Brier score, and reliability in ten bins of predicted risk.
 */
record Metrics(int rows, int positives, double auc, double brier, List<Bin> reliability) {

  /** One reliability bin: rows with predictions in [from, to), their mean prediction and observed rate. */
  record Bin(double from, double to, int rows, double meanPredicted, double observed) {}

  static Metrics of(double[] predicted, boolean[] outcome) {
    int n = predicted.length;
    int positives = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      positives += outcome[i] ? 1 : 0;
      double d = predicted[i] - (outcome[i] ? 1 : 0);
      brier += d * d;
    }
    return new Metrics(n, positives, auc(predicted, outcome), n == 0 ? Double.NaN : brier / n,
        bins(predicted, outcome));
  }

  /** Mann–Whitney U over ranks, with average ranks for ties. */
  static double auc(double[] predicted, boolean[] outcome) {
    int n = predicted.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(predicted[a], predicted[b]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && predicted[order[j + 1]] == predicted[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (outcome[order[t]]) {
          rankSumPositives += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  private static List<Bin> bins(double[] predicted, boolean[] outcome) {
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      double from = b / 10.0;
      double to = (b + 1) / 10.0;
      int rows = 0;
      double sumPredicted = 0;
      int observed = 0;
      for (int i = 0; i < predicted.length; i++) {
        if (predicted[i] >= from && (predicted[i] < to || b == 9 && predicted[i] <= 1)) {
          rows++;
          sumPredicted += predicted[i];
          observed += outcome[i] ? 1 : 0;
        }
      }
      if (rows > 0) {
        out.add(new Bin(from, to, rows, sumPredicted / rows, (double) observed / rows));
      }
    }
    return out;
  }
}
