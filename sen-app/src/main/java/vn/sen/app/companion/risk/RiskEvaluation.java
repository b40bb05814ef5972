package vn.sen.app.companion.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a held-out synthetic population (written with {@code --format ndjson --follow-up-days 30}) as of
 * its end date, from its record, and compares with what the generator's simulation says happened in the
 * following days ({@code ground-truth/follow-up.ndjson}): realised adherence below 80% per patient and
 * medicine class. Rows the model scores but the simulation has no label for (and the reverse) are counted.
 * For scale, the AUC of the generator's latent propensity itself (which no record shows) is reported too:
 * the ranking the simulation's own dose-taking chance would give.
 */
final class RiskEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Figures for one evaluation. */
  record Result(
      LocalDate asOf, Metrics metrics, int patients, int unlabelledRows, int unscoredLabels, double oracleAuc) {}

  private final FeatureExtractor extractor = new FeatureExtractor();

  Result evaluate(RiskModel model, Path population, RecordSource source) {
    LocalDate asOf = endDate(population);
    Map<String, Boolean> labels = labels(population.resolve("ground-truth/follow-up.ndjson"));
    Map<String, Double> propensity = propensities(population.resolve("ground-truth/patients.ndjson"));
    List<Double> oracle = new ArrayList<>();
    List<Double> predicted = new ArrayList<>();
    List<Boolean> outcome = new ArrayList<>();
    int[] unlabelled = {0};
    java.util.Set<String> patients = new java.util.HashSet<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    source.forEachPatient(h -> {
      for (RiskFeatures f : extractor.extract(h, asOf)) {
        String key = f.patientId() + "|" + f.medicineClass();
        Boolean below = labels.get(key);
        if (below == null) {
          unlabelled[0]++;
          continue;
        }
        used.add(key);
        patients.add(f.patientId());
        predicted.add(model.probability(f.values()));
        oracle.add(-propensity.getOrDefault(f.patientId(), 0.0));
        outcome.add(below);
      }
    });
    double[] p = predicted.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[outcome.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = outcome.get(i);
    }
    return new Result(asOf, Metrics.of(p, y), patients.size(), unlabelled[0], labels.size() - used.size(),
        Metrics.auc(oracle.stream().mapToDouble(Double::doubleValue).toArray(), y));
  }

  private static LocalDate endDate(Path population) {
    try {
      JsonNode manifest = JSON.readTree(population.resolve("manifest.json").toFile());
      if (!manifest.has("followUpDays")) {
        throw new IllegalArgumentException(population + " has no follow-up (generate with --follow-up-days 30)");
      }
      return LocalDate.parse(manifest.get("endDate").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + population.resolve("manifest.json"), e);
    }
  }

  private static Map<String, Double> propensities(Path file) {
    Map<String, Double> out = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          out.put(n.get("patient").asText(), n.get("adherencePropensity").asDouble());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  private static Map<String, Boolean> labels(Path file) {
    Map<String, Boolean> out = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        if (n.get("scheduled").asInt() >= RiskTrainer.MIN_LABEL_DOSES) {
          out.put(n.get("patient").asText() + "|" + n.get("class").asText(), n.get("below80").asBoolean());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
