package vn.sen.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The patients a clinician's run asks about: those registered at the commune health station with the most
 * patients in the population (sen-synth registers every patient at their commune's station,
 * {@code Patient.managingOrganization}), so that a nurse of that station has a care relationship with
 * each of them. The system client's run asks about the same patients.
 *
 * @param station e.g. {@code Organization/org-tyt-00001}
 * @param members the station's patients (1-based population indices), ascending
 */
record StationSample(String station, List<Integer> members) {

  StationSample {
    members = List.copyOf(members);
  }

  /** Reads each patient's station from the population files (the Patient entry only) and picks the busiest. */
  static StationSample busiest(Population population, ObjectMapper json) throws IOException {
    Map<Integer, String> stations = new HashMap<>();
    for (int i = 1; i <= population.patients(); i++) {
      String station = stationOf(population, i, json);
      if (station != null) {
        stations.put(i, station);
      }
    }
    return busiest(stations);
  }

  /** The station with the most patients; on a tie the smallest reference, so a run is repeatable. */
  static StationSample busiest(Map<Integer, String> stationByPatient) {
    Map<String, List<Integer>> byStation = new HashMap<>();
    stationByPatient.forEach((patient, station) ->
        byStation.computeIfAbsent(station, s -> new ArrayList<>()).add(patient));
    Map.Entry<String, List<Integer>> best = byStation.entrySet().stream()
        .min(Comparator.<Map.Entry<String, List<Integer>>>comparingInt(e -> -e.getValue().size())
            .thenComparing(Map.Entry::getKey))
        .orElseThrow(() -> new IllegalArgumentException("no patient of the population names a managing organisation"));
    List<Integer> members = new ArrayList<>(best.getValue());
    members.sort(null);
    return new StationSample(best.getKey(), members);
  }

  /** At most {@code k} of the station's patients, spread evenly over them. */
  List<Integer> spread(int k) {
    List<Integer> out = new ArrayList<>();
    int n = Math.min(k, members.size());
    for (int j = 0; j < n; j++) {
      out.add(members.get((int) ((long) j * members.size() / n)));
    }
    return out;
  }

  /** The station's {@code k} patients with the largest bundles (the longest records), largest first. */
  List<Integer> largest(Population population, int k) throws IOException {
    record Sized(int index, long size) {}
    PriorityQueue<Sized> top = new PriorityQueue<>(Comparator.comparingLong(Sized::size));
    for (int i : members) {
      top.add(new Sized(i, Files.size(population.patientBundle(i))));
      if (top.size() > k) {
        top.poll();
      }
    }
    List<Sized> sorted = new ArrayList<>(top);
    sorted.sort(Comparator.comparingLong(Sized::size).reversed());
    return sorted.stream().map(Sized::index).toList();
  }

  /**
   * The {@code managingOrganization} reference of patient {@code index}'s Patient resource: the bundle's
   * entries are read one at a time until the Patient (the generator writes it first).
   */
  static @Nullable String stationOf(Population population, int index, ObjectMapper json) throws IOException {
    try (JsonParser p = json.getFactory().createParser(population.patientBundle(index).toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("entry") || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode entry = json.readTree(p);
          JsonNode resource = entry.path("resource");
          if (resource.path("resourceType").asText().equals("Patient")) {
            return resource.path("managingOrganization").path("reference").asText(null);
          }
        }
        return null;
      }
      return null;
    }
  }
}
