package vn.sen.synth.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vietnam's 34 provinces and 3,321 communes after the 1 July 2025 reform, read from the MIT-licensed
 * snapshot shipped as a resource (see {@code admin-units/LICENSE} and {@code SOURCE.md}), with an
 * approximate population per province so people are placed where people live.
 */
public final class AdminUnits {
  /** Where the JSON snapshot lives on the classpath. */
  public static final String RESOURCE = "/vn/sen/synth/admin-units/vn-units-2026-07-25.json";

  /** A commune or ward: 5-digit code. */
  public record Commune(String code, String name, String fullName, String provinceCode) {}

  /** A province-level unit with its communes and sampling weights. */
  public record Province(
      String code,
      String name,
      String fullName,
      Region region,
      double populationMillions,
      List<Commune> communes) {}

  /** Broad regions that shape names and ethnicity. */
  public enum Region {
    NORTH,
    CENTRAL,
    SOUTH
  }

  // Approximate populations (millions) of the merged provinces, from 2024 figures summed over the
  // provinces that merged; enough to weight sampling, not an official statistic.
  private static final Map<String, Double> POPULATION =
      Map.ofEntries(
          Map.entry("01", 8.7), Map.entry("04", 0.57), Map.entry("08", 1.87),
          Map.entry("11", 0.65), Map.entry("12", 0.49), Map.entry("14", 1.33),
          Map.entry("15", 1.78), Map.entry("19", 1.80), Map.entry("20", 0.80),
          Map.entry("22", 1.38), Map.entry("24", 3.62), Map.entry("25", 4.02),
          Map.entry("31", 4.66), Map.entry("33", 3.57), Map.entry("37", 4.41),
          Map.entry("38", 4.30), Map.entry("40", 3.83), Map.entry("42", 1.62),
          Map.entry("44", 1.87), Map.entry("46", 1.43), Map.entry("48", 3.07),
          Map.entry("51", 2.16), Map.entry("52", 3.58), Map.entry("56", 2.24),
          Map.entry("66", 3.35), Map.entry("68", 3.87), Map.entry("75", 4.49),
          Map.entry("79", 14.0), Map.entry("80", 3.25), Map.entry("82", 4.37),
          Map.entry("86", 4.26), Map.entry("91", 4.95), Map.entry("92", 4.20),
          Map.entry("96", 2.61));

  private final List<Province> provinces;
  private final double[] cumulativeWeight;

  private AdminUnits(List<Province> provinces) {
    this.provinces = List.copyOf(provinces);
    this.cumulativeWeight = new double[provinces.size()];
    double sum = 0;
    for (int i = 0; i < provinces.size(); i++) {
      sum += provinces.get(i).populationMillions();
      cumulativeWeight[i] = sum;
    }
  }

  /** Loads the shipped snapshot. */
  public static AdminUnits load() {
    try (InputStream in = AdminUnits.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Province> list = new ArrayList<>();
      for (JsonNode p : root) {
        String code = p.get("Code").asText();
        List<Commune> communes = new ArrayList<>();
        for (JsonNode w : p.get("Wards")) {
          communes.add(
              new Commune(
                  w.get("Code").asText(),
                  w.get("Name").asText(),
                  w.get("FullName").asText(),
                  code));
        }
        list.add(
            new Province(
                code,
                p.get("Name").asText(),
                p.get("FullName").asText(),
                regionOf(code),
                POPULATION.getOrDefault(code, 2.0),
                List.copyOf(communes)));
      }
      return new AdminUnits(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Region regionOf(String code) {
    int c = Integer.parseInt(code);
    if (c <= 38) {
      return Region.NORTH;
    }
    return c <= 68 ? Region.CENTRAL : Region.SOUTH;
  }

  public List<Province> provinces() {
    return provinces;
  }

  public int communeCount() {
    return provinces.stream().mapToInt(p -> p.communes().size()).sum();
  }

  /** A province drawn with probability proportional to population; {@code u} uniform in [0,1). */
  public Province sampleProvince(double u) {
    double target = u * cumulativeWeight[cumulativeWeight.length - 1];
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (target < cumulativeWeight[i]) {
        return provinces.get(i);
      }
    }
    return provinces.getLast();
  }

  public Province province(String code) {
    for (Province p : provinces) {
      if (p.code().equals(code)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown province code " + code);
  }
}
