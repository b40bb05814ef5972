package vn.sen.app.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files to load, in the order they must go in. Reference data goes first, one file at a time,
 * because other files point at it: Synthea's {@code hospitalInformation*} then {@code
 * practitionerInformation*} bundles (conditional references like {@code Organization?identifier=…}),
 * Sen's {@code *-shared.json}; NDJSON files follow a type order in which referenced types come first.
 * Patient bundles follow, in name order, on several clients.
 *
 * <p>Skipped: hidden files (journals), the generator's {@code manifest.json} and {@code ground-truth/}
 * folder, which must never be loaded.
 */
record LoadPlan(List<InputFile> referenceFiles, List<InputFile> ndjsonFiles, List<InputFile> bundleFiles) {

  /** NDJSON types loaded first, in this order; other types follow in name order. */
  private static final List<String> NDJSON_TYPE_ORDER = List.of("Organization", "Location", "Practitioner",
      "PractitionerRole", "Medication", "Patient", "RelatedPerson", "Encounter");

  enum Kind { BUNDLE, NDJSON }

  /** One input file; {@code relative} is its path below {@code root}, as written in the journal. */
  record InputFile(Path root, Path file, String relative, long size, Kind kind) {}

  long totalBytes() {
    return Stream.of(referenceFiles, ndjsonFiles, bundleFiles).flatMap(List::stream).mapToLong(InputFile::size).sum();
  }

  int fileCount() {
    return referenceFiles.size() + ndjsonFiles.size() + bundleFiles.size();
  }

  static LoadPlan of(List<Path> inputs) throws IOException {
    List<InputFile> all = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        Path root = input.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
            add(all, root, p);
          }
        }
      } else if (Files.isRegularFile(input)) {
        Path file = input.toAbsolutePath().normalize();
        Path parent = file.getParent();
        add(all, parent == null ? file : parent, file);
      } else {
        throw new IOException("no such file or directory: " + input);
      }
    }
    List<InputFile> reference = new ArrayList<>();
    List<InputFile> ndjson = new ArrayList<>();
    List<InputFile> bundles = new ArrayList<>();
    for (InputFile f : all) {
      if (f.kind() == Kind.NDJSON) {
        ndjson.add(f);
      } else if (referenceRank(f.file()) >= 0) {
        reference.add(f);
      } else {
        bundles.add(f);
      }
    }
    reference.sort(Comparator.comparingInt((InputFile f) -> referenceRank(f.file())).thenComparing(InputFile::relative));
    ndjson.sort(Comparator.comparingInt((InputFile f) -> ndjsonRank(f.file())).thenComparing(InputFile::relative));
    return new LoadPlan(List.copyOf(reference), List.copyOf(ndjson), List.copyOf(bundles));
  }

  private static void add(List<InputFile> out, Path root, Path file) throws IOException {
    String name = file.getFileName().toString();
    String relative = root.equals(file) ? name : root.relativize(file).toString();
    if (name.startsWith(".") || name.equals("manifest.json") || isUnderGroundTruth(root, file)) {
      return;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".ndjson")) {
      out.add(new InputFile(root, file, relative, Files.size(file), Kind.NDJSON));
    } else if (lower.endsWith(".json")) {
      out.add(new InputFile(root, file, relative, Files.size(file), Kind.BUNDLE));
    }
  }

  private static boolean isUnderGroundTruth(Path root, Path file) {
    Path rel = root.relativize(file);
    for (Path part : rel) {
      if (part.toString().equals("ground-truth")) {
        return true;
      }
    }
    return false;
  }

  /** 0 hospitals, 1 practitioners, 2 other shared reference bundles; -1 for patient bundles. */
  private static int referenceRank(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith("hospitalInformation")) {
      return 0;
    }
    if (name.startsWith("practitionerInformation")) {
      return 1;
    }
    if (name.endsWith("-shared.json") || name.equals("shared.json")) {
      return 2;
    }
    return -1;
  }

  private static int ndjsonRank(Path file) {
    String name = file.getFileName().toString();
    String type = name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
    int i = NDJSON_TYPE_ORDER.indexOf(type);
    return i < 0 ? NDJSON_TYPE_ORDER.size() : i;
  }
}
