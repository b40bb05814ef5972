package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The latent adherence propensity in the ground truth shows in refills, doses and blood pressure. */
class LatentBehaviourTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<JsonNode> TRUTH = new ArrayList<>();
  private static final Map<String, Double> LAST_SYSTOLIC = new HashMap<>();
  private static final Map<String, int[]> DOSES = new HashMap<>(); // patient -> {taken on time, scheduled}

  @BeforeAll
  static void generate() throws Exception {
    PopulationGenerator g = new PopulationGenerator(GeneratorOptions.defaults(2500, 77).withFormat(OutputFormat.NDJSON));
    for (int i = 1; i <= 2500; i++) {
      PatientRecord rec = g.patient(i);
      JsonNode truth = JSON.readTree(rec.truthPatient());
      TRUTH.add(truth);
      String patient = truth.get("patient").asText();
      String lastDate = "";
      for (String line : rec.ndjsonByType().getOrDefault("Observation", "").split("\n")) {
        if (line.isBlank() || !line.contains("\"85354-9\"") || line.contains("\"device\"")) {
          continue;
        }
        JsonNode obs = JSON.readTree(line);
        String at = obs.get("effectiveDateTime").asText();
        if (at.compareTo(lastDate) > 0) {
          lastDate = at;
          LAST_SYSTOLIC.put(patient, obs.at("/component/0/valueQuantity/value").asDouble());
        }
      }
      for (String line : rec.truthDoses().split("\n")) {
        if (!line.isBlank()) {
          int[] c = DOSES.computeIfAbsent(patient, k -> new int[2]);
          c[0] += line.contains("\"outcome\":\"taken\"") ? 1 : 0;
          c[1]++;
        }
      }
    }
  }

  private static boolean treatedHypertensive(JsonNode t) {
    boolean htn = false;
    for (JsonNode c : t.get("conditions")) {
      htn |= c.asText().equals("hypertension");
    }
    boolean treated = false;
    for (JsonNode m : t.get("medicines")) {
      String d = m.get("drug").asText();
      treated |= d.equals("amlodipine") || d.equals("losartan") || d.equals("perindopril");
    }
    return htn && treated;
  }

  @Test
  void moreAdherentPatientsCoverMoreDaysWithRefills() {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (JsonNode t : TRUTH) {
      for (JsonNode m : t.get("medicines")) {
        if (m.has("pdc")) {
          int group = t.get("adherencePropensity").asDouble() >= 0.75 ? 1 : 0;
          sum[group] += m.get("pdc").asDouble();
          n[group]++;
        }
      }
    }

    assertThat(n[0]).isGreaterThan(30);
    assertThat(n[1]).isGreaterThan(30);
    assertThat(sum[1] / n[1]).isGreaterThan(sum[0] / n[0] + 0.05);
  }

  @Test
  void moreAdherentPatientsTakeMoreDosesOnTime() {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (JsonNode t : TRUTH) {
      int[] c = DOSES.get(t.get("patient").asText());
      if (c == null || c[1] == 0) {
        continue;
      }
      int group = t.get("adherencePropensity").asDouble() >= 0.75 ? 1 : 0;
      sum[group] += (double) c[0] / c[1];
      n[group]++;
    }

    assertThat(n[0]).isGreaterThan(10);
    assertThat(n[1]).isGreaterThan(10);
    assertThat(sum[1] / n[1]).isGreaterThan(sum[0] / n[0] + 0.1);
  }

  @Test
  void treatedHypertensivesWhoTakeTheirMedicinesHaveLowerBloodPressure() {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (JsonNode t : TRUTH) {
      Double sbp = LAST_SYSTOLIC.get(t.get("patient").asText());
      if (sbp == null || !treatedHypertensive(t)) {
        continue;
      }
      int group = t.get("adherencePropensity").asDouble() >= 0.75 ? 1 : 0;
      sum[group] += sbp;
      n[group]++;
    }

    assertThat(n[0]).isGreaterThan(20);
    assertThat(n[1]).isGreaterThan(20);
    assertThat(sum[1] / n[1]).isLessThan(sum[0] / n[0] - 3);
  }

  @Test
  void someLongHistoriesReachAboutAThousandResources() {
    PopulationGenerator g = new PopulationGenerator(
        GeneratorOptions.defaults(400, 5).withLongHistoryShare(1.0).withFormat(OutputFormat.BUNDLES));
    long max = 0;
    for (int i = 1; i <= 400; i++) {
      max = Math.max(max, g.patient(i).resourcesByType().values().stream().mapToLong(Long::longValue).sum());
    }

    assertThat(max).isGreaterThan(800);
  }
}
