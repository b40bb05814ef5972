package vn.sen.app.companion.risk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Training figures as the JSON stored beside a model version. */
final class MetricsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsJson() {}

  static String of(RiskTrainer.Result result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("asOf", result.asOf().toString());
    root.put("rows", result.rows());
    root.put("patients", result.patients());
    metrics(root.putObject("validation"), result.validation());
    metrics(root.putObject("training"), result.training());
    ArrayNode top = root.putArray("strongestFactors");
    for (RiskModel.Contribution c : result.model().strongest(8)) {
      top.addObject().put("feature", c.feature().name()).put("standardisedWeight", c.logOdds());
    }
    return root.toString();
  }

  static void metrics(ObjectNode node, Metrics m) {
    node.put("rows", m.rows());
    node.put("positives", m.positives());
    node.put("auc", Double.isNaN(m.auc()) ? null : m.auc());
    node.put("brier", Double.isNaN(m.brier()) ? null : m.brier());
    ArrayNode bins = node.putArray("reliability");
    for (Metrics.Bin b : m.reliability()) {
      bins.addObject().put("from", b.from()).put("to", b.to()).put("rows", b.rows())
          .put("meanPredicted", b.meanPredicted()).put("observed", b.observed());
    }
  }
}
