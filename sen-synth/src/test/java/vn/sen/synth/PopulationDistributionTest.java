package vn.sen.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.synth.data.AdminUnits;
import vn.sen.synth.data.Systems;

/** The population looks like Vietnam's on the measures the issue names. */
class PopulationDistributionTest {
  private static final int N = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<JsonNode> PATIENTS = new ArrayList<>();
  private static final Map<String, List<String>> CONDITIONS = new HashMap<>();
  private static final Map<String, String> COMMUNE_TO_PROVINCE = new HashMap<>();

  @BeforeAll
  static void generate() throws Exception {
    for (var p : AdminUnits.load().provinces()) {
      p.communes().forEach(c -> COMMUNE_TO_PROVINCE.put(c.code(), p.code()));
    }
    PopulationGenerator g = new PopulationGenerator(GeneratorOptions.defaults(N, 31).withFormat(OutputFormat.NDJSON));
    for (int i = 1; i <= N; i++) {
      PatientRecord rec = g.patient(i);
      JsonNode patient = JSON.readTree(rec.ndjsonByType().get("Patient").strip());
      PATIENTS.add(patient);
      List<String> codes = new ArrayList<>();
      String conditions = rec.ndjsonByType().getOrDefault("Condition", "");
      for (String line : conditions.split("\n")) {
        if (!line.isBlank()) {
          codes.add(JSON.readTree(line).at("/code/coding/0/code").asText());
        }
      }
      CONDITIONS.put(patient.get("id").asText(), codes);
    }
  }

  private static int age(JsonNode p) {
    return GeneratorOptions.DEFAULT_END.getYear() - LocalDate.parse(p.get("birthDate").asText()).getYear();
  }

  private static String identifier(JsonNode p, String system) {
    for (JsonNode id : p.get("identifier")) {
      if (id.get("system").asText().equals(system)) {
        return id.get("value").asText();
      }
    }
    return "";
  }

  private static String province(JsonNode p) {
    String org = p.at("/managingOrganization/reference").asText();
    return COMMUNE_TO_PROVINCE.get(org.substring(org.lastIndexOf('-') + 1));
  }

  @Test
  void familyNamesAreLedByNguyenThenTranAndLe() {
    Map<String, Integer> counts = new HashMap<>();
    PATIENTS.forEach(p -> counts.merge(p.at("/name/0/family").asText(), 1, Integer::sum));
    List<String> leaders = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3).map(Map.Entry::getKey).toList();

    assertThat(leaders).containsExactly("Nguyễn", "Trần", "Lê");
    assertThat(counts.get("Nguyễn") / (double) N).isBetween(0.33, 0.44);
  }

  @Test
  void aboutFourteenPercentAreAgedSixtyOrMore() {
    long older = PATIENTS.stream().filter(p -> age(p) >= 60).count();

    assertThat(older / (double) N).isBetween(0.115, 0.165);
  }

  @Test
  void citizenIdsCarryProvinceCenturySexAndBirthYear() {
    Pattern format = Pattern.compile("0\\d{2}[0-5]\\d{8}");
    for (JsonNode p : PATIENTS) {
      String cccd = identifier(p, Systems.CITIZEN_ID);
      int birthYear = LocalDate.parse(p.get("birthDate").asText()).getYear();
      boolean male = p.get("gender").asText().equals("male");
      int centurySex = (birthYear < 2000 ? 0 : 2) + (male ? 0 : 1);

      assertThat(cccd).matches(format);
      assertThat(cccd.substring(1, 3)).isEqualTo(province(p));
      assertThat(cccd.charAt(3) - '0').isEqualTo(centurySex);
      assertThat(cccd.substring(4, 6)).isEqualTo(String.format("%02d", birthYear % 100));
    }
  }

  @Test
  void insuranceNumbersHaveGroupLevelAndProvince() {
    Pattern format = Pattern.compile("[A-Z]{2}[1-5]\\d{12}");
    long insured = 0;
    for (JsonNode p : PATIENTS) {
      String bhyt = identifier(p, Systems.INSURANCE);
      if (bhyt.isEmpty()) {
        continue;
      }
      insured++;
      assertThat(bhyt).matches(format);
      assertThat(bhyt.substring(3, 5)).isEqualTo(province(p));
    }
    assertThat(insured / (double) N).isBetween(0.85, 0.97);
  }

  @Test
  void phoneNumbersAreVietnameseMobiles() {
    Pattern mobile = Pattern.compile("0(3[2-9]|5[268]|7[06-9]|8[1-689]|9[0-46-8]|92)\\d{7}");
    long withPhone = PATIENTS.stream().filter(p -> p.has("telecom")).count();
    PATIENTS.stream().filter(p -> p.has("telecom"))
        .forEach(p -> assertThat(p.at("/telecom/0/value").asText()).matches(mobile));

    assertThat(withPhone).isGreaterThan(N / 2);
  }

  @Test
  void hypertensionAndMultimorbidityRiseWithAge() {
    double[] htn = new double[3];
    double[] count = new double[3];
    int[] people = new int[3];
    for (JsonNode p : PATIENTS) {
      int a = age(p);
      int band = a < 40 ? 0 : a < 60 ? 1 : 2;
      if (a < 18) {
        continue;
      }
      List<String> codes = CONDITIONS.get(p.get("id").asText());
      people[band]++;
      count[band] += codes.size();
      htn[band] += codes.contains("I10") ? 1 : 0;
    }
    for (int b = 0; b < 3; b++) {
      htn[b] /= people[b];
      count[b] /= people[b];
    }

    assertThat(htn[0]).isLessThan(htn[1]);
    assertThat(htn[1]).isLessThan(htn[2]);
    assertThat(htn[2]).isBetween(0.35, 0.65);
    assertThat(count[0]).isLessThan(count[1]);
    assertThat(count[1]).isLessThan(count[2]);
    assertThat(count[2]).isGreaterThan(1.5);
  }

  @Test
  void patientsAreRegisteredAtTheirCommuneHealthStation() {
    for (JsonNode p : PATIENTS) {
      assertThat(p.at("/generalPractitioner/0/reference").asText())
          .startsWith("Organization/org-tyt-")
          .isEqualTo(p.at("/managingOrganization/reference").asText());
      assertThat(p.at("/address/0/city").asText()).matches("(Phường|Xã|Đặc khu) .+");
    }
  }
}
