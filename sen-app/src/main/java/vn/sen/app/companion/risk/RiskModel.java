package vn.sen.app.companion.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * A trained logistic regression over standardised features: {@code p = 1 / (1 + exp(-(b + Σ w_j z_j)))}
 * with {@code z_j = (x_j - mean_j) / sd_j}. A feature's contribution to one prediction is {@code w_j z_j}
 * on the log-odds scale: how far it moves this patient from an average patient.
 */
record RiskModel(List<String> features, double[] means, double[] sds, double intercept, double[] weights) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One feature's push on one prediction, on the log-odds scale. */
  record Contribution(Feature feature, double logOdds, double value) {}

  double probability(double[] x) {
    return 1 / (1 + Math.exp(-logit(x)));
  }

  double logit(double[] x) {
    double s = intercept;
    for (int j = 0; j < weights.length; j++) {
      s += weights[j] * (x[j] - means[j]) / sds[j];
    }
    return s;
  }

  /** The features that raise this prediction most, largest first, at most {@code n}. */
  List<Contribution> topRaising(double[] x, int n) {
    List<Contribution> all = new ArrayList<>();
    Feature[] names = Feature.values();
    for (int j = 0; j < weights.length; j++) {
      double c = weights[j] * (x[j] - means[j]) / sds[j];
      if (c > 0.05) {
        all.add(new Contribution(names[j], c, x[j]));
      }
    }
    all.sort(Comparator.comparingDouble(Contribution::logOdds).reversed());
    return all.subList(0, Math.min(n, all.size()));
  }

  /** Features by the size of their standardised weight, largest first. */
  List<Contribution> strongest(int n) {
    List<Contribution> all = new ArrayList<>();
    Feature[] names = Feature.values();
    for (int j = 0; j < weights.length; j++) {
      all.add(new Contribution(names[j], weights[j], Double.NaN));
    }
    all.sort(Comparator.comparingDouble((Contribution c) -> Math.abs(c.logOdds())).reversed());
    return all.subList(0, Math.min(n, all.size()));
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode names = root.putArray("features");
    features.forEach(names::add);
    array(root.putArray("means"), means);
    array(root.putArray("sds"), sds);
    root.put("intercept", intercept);
    array(root.putArray("weights"), weights);
    return root.toString();
  }

  /** Reads a model written by {@link #toJson}; refuses one trained on another feature list. */
  static RiskModel fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<String> names = new ArrayList<>();
      root.get("features").forEach(n -> names.add(n.asText()));
      if (!names.equals(currentFeatures())) {
        throw new FhirException(ErrorCode.CONFLICT,
            "The stored risk model was trained on other features; run ./sen companion train");
      }
      return new RiskModel(names, doubles(root.get("means")), doubles(root.get("sds")),
          root.get("intercept").asDouble(), doubles(root.get("weights")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored risk model is not JSON", e);
    }
  }

  static List<String> currentFeatures() {
    return Arrays.stream(Feature.values()).map(Enum::name).toList();
  }

  private static void array(ArrayNode node, double[] values) {
    for (double v : values) {
      node.add(v);
    }
  }

  private static double[] doubles(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
