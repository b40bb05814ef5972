package vn.sen.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import vn.sen.synth.GenerationSummary;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PopulationGenerator;

/**
 * The benchmark population: sen-synth's bundles for (patients, seed), generated once into a cache
 * folder and reused. The generator writes {@code manifest.json} last, so a folder without it is an
 * interrupted generation and is generated again. File names are computed, not listed, so nothing
 * here grows with the population except the walk over file sizes.
 */
final class Population {
  private final Path dir;
  private final int patients;

  private Population(Path dir, int patients) {
    this.dir = dir;
    this.patients = patients;
  }

  static Population ensure(Path dir, int patients, long seed, PrintStream err) throws IOException {
    if (!Files.exists(dir.resolve("manifest.json"))) {
      err.printf(Locale.ROOT, "bench: generating %,d patients (seed %d) into %s%n", patients, seed, dir);
      int[] lastPercent = {-1};
      GenerationSummary s = new PopulationGenerator(GeneratorOptions.defaults(patients, seed))
          .writeTo(dir, (done, total) -> {
            int percent = (int) (100L * done / total);
            if (percent != lastPercent[0]) {
              lastPercent[0] = percent;
              err.printf(Locale.ROOT, "\rgenerating %3d%% %,d/%,d patients", percent, done, total);
            }
          });
      err.printf(Locale.ROOT, "%ngenerated %,d resources in %.1f s%n", s.resources(), s.elapsedMillis() / 1000.0);
    }
    return new Population(dir, patients);
  }

  int patients() {
    return patients;
  }

  Path sharedBundle() {
    return dir.resolve("bundles/00000-shared.json");
  }

  /** Patient {@code index} (1-based)'s transaction Bundle, named as sen-synth names it. */
  Path patientBundle(int index) {
    int width = Math.max(6, Integer.toString(patients).length());
    return dir.resolve("bundles").resolve(String.format(Locale.ROOT, "patient-%0" + width + "d.json", index));
  }

  /** The {@code k} patients with the largest bundles (the longest records), largest first. */
  List<Integer> largest(int k) throws IOException {
    record Sized(int index, long size) {}
    PriorityQueue<Sized> top = new PriorityQueue<>(Comparator.comparingLong(Sized::size));
    for (int i = 1; i <= patients; i++) {
      top.add(new Sized(i, Files.size(patientBundle(i))));
      if (top.size() > k) {
        top.poll();
      }
    }
    List<Sized> sorted = new ArrayList<>(top);
    sorted.sort(Comparator.comparingLong(Sized::size).reversed());
    return sorted.stream().map(Sized::index).toList();
  }

  /** {@code k} patients spread evenly over the population. */
  List<Integer> spread(int k) {
    List<Integer> out = new ArrayList<>();
    int n = Math.min(k, patients);
    for (int j = 0; j < n; j++) {
      out.add(1 + (int) ((long) j * patients / n));
    }
    return out;
  }
}
