package vn.sen.app.companion.risk;

import java.util.List;

/**
 * Fits an L2-regularised logistic regression by Newton's method (iteratively reweighted least squares)
 * on standardised features. With a couple of dozen features the Hessian is small, so each step is an
 * exact solve and a few steps converge; the intercept is not penalised.
 */
final class LogisticTrainer {
  private final double lambda;

  /** @param lambda the L2 penalty on the standardised weights, per training row */
  LogisticTrainer(double lambda) {
    this.lambda = lambda;
  }

  RiskModel fit(List<double[]> rows, boolean[] labels) {
    int n = rows.size();
    int k = Feature.COUNT;
    if (n < 10) {
      throw new IllegalArgumentException("too few training rows: " + n);
    }
    double[] means = new double[k];
    double[] sds = new double[k];
    for (double[] x : rows) {
      for (int j = 0; j < k; j++) {
        means[j] += x[j] / n;
      }
    }
    for (double[] x : rows) {
      for (int j = 0; j < k; j++) {
        sds[j] += (x[j] - means[j]) * (x[j] - means[j]) / n;
      }
    }
    for (int j = 0; j < k; j++) {
      // A constant feature (none in the data) gets sd 1 and a weight that stays at 0.
      sds[j] = sds[j] > 1e-12 ? Math.sqrt(sds[j]) : 1;
    }
    double[][] z = new double[n][k + 1];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < k; j++) {
        z[i][j + 1] = (rows.get(i)[j] - means[j]) / sds[j];
      }
    }
    double[] beta = new double[k + 1];
    for (int iteration = 0; iteration < 50; iteration++) {
      double[] gradient = new double[k + 1];
      double[][] hessian = new double[k + 1][k + 1];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j <= k; j++) {
          s += beta[j] * z[i][j];
        }
        double p = 1 / (1 + Math.exp(-s));
        double w = Math.max(1e-9, p * (1 - p));
        double r = (labels[i] ? 1 : 0) - p;
        for (int a = 0; a <= k; a++) {
          gradient[a] += r * z[i][a];
          for (int b = a; b <= k; b++) {
            hessian[a][b] += w * z[i][a] * z[i][b];
          }
        }
      }
      for (int a = 0; a <= k; a++) {
        for (int b = 0; b < a; b++) {
          hessian[a][b] = hessian[b][a];
        }
        if (a > 0) {
          gradient[a] -= lambda * n * beta[a];
          hessian[a][a] += lambda * n;
        }
      }
      double[] step = solve(hessian, gradient);
      double largest = 0;
      for (int j = 0; j <= k; j++) {
        beta[j] += step[j];
        largest = Math.max(largest, Math.abs(step[j]));
      }
      if (largest < 1e-7) {
        break;
      }
    }
    double[] weights = new double[k];
    System.arraycopy(beta, 1, weights, 0, k);
    return new RiskModel(RiskModel.currentFeatures(), means, sds, beta[0], weights);
  }

  /** Gaussian elimination with partial pivoting; the matrix is positive definite with the penalty. */
  static double[] solve(double[][] matrix, double[] rhs) {
    int n = rhs.length;
    double[][] a = new double[n][];
    double[] b = rhs.clone();
    for (int i = 0; i < n; i++) {
      a[i] = matrix[i].clone();
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double tb = b[col];
      b[col] = b[pivot];
      b[pivot] = tb;
      double diag = Math.abs(a[col][col]) < 1e-12 ? 1e-12 : a[col][col];
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / diag;
        if (f != 0) {
          for (int c = col; c < n; c++) {
            a[r][c] -= f * a[col][c];
          }
          b[r] -= f * b[col];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / (Math.abs(a[r][r]) < 1e-12 ? 1e-12 : a[r][r]);
    }
    return x;
  }
}
