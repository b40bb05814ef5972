package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationSampleTest {

  @Test
  void picksTheStationWithTheMostPatientsAndBreaksTiesByName() {
    Map<Integer, String> stations = new HashMap<>();
    stations.put(1, "Organization/org-tyt-b");
    stations.put(2, "Organization/org-tyt-a");
    stations.put(3, "Organization/org-tyt-b");
    stations.put(4, "Organization/org-tyt-c");
    stations.put(5, "Organization/org-tyt-c");
    stations.put(6, "Organization/org-tyt-b");

    StationSample busiest = StationSample.busiest(stations);
    stations.put(7, "Organization/org-tyt-c");
    StationSample tie = StationSample.busiest(stations);

    assertThat(busiest.station()).isEqualTo("Organization/org-tyt-b");
    assertThat(busiest.members()).containsExactly(1, 3, 6);
    assertThat(tie.station()).isEqualTo("Organization/org-tyt-b");
    assertThatThrownBy(() -> StationSample.busiest(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spreadsOverTheStationsPatientsOnly() {
    StationSample s = new StationSample("Organization/org-tyt-a", List.of(4, 9, 15, 22, 40, 41));

    assertThat(s.spread(3)).containsExactly(4, 15, 40);
    assertThat(s.spread(200)).containsExactly(4, 9, 15, 22, 40, 41);
  }

  @Test
  void readsEachPatientsStationFromTheGeneratedBundlesAndRanksItsLongestRecords(@TempDir Path dir)
      throws Exception {
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Population population = Population.ensure(dir, 12, 5, err);
    ObjectMapper json = new ObjectMapper();

    StationSample s = StationSample.busiest(population, json);
    List<Integer> largest = s.largest(population, 2);

    assertThat(s.station()).startsWith("Organization/org-tyt-");
    assertThat(s.members()).isNotEmpty().isSorted();
    for (int i : s.members()) {
      assertThat(StationSample.stationOf(population, i, json)).isEqualTo(s.station());
      assertThat(Files.readString(population.patientBundle(i))).contains(s.station());
    }
    assertThat(largest).hasSize(Math.min(2, s.members().size())).isSubsetOf(s.members());
    if (largest.size() == 2) {
      assertThat(Files.size(population.patientBundle(largest.get(0))))
          .isGreaterThanOrEqualTo(Files.size(population.patientBundle(largest.get(1))));
    }
  }
}
