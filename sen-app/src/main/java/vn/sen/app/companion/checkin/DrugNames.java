package vn.sen.app.companion.checkin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sen's list of the names people write for common medicines in Vietnam (INN, Vietnamese spelling, brands)
 * with their ATC code, read from {@code companion/checkin/drugs.txt}. Immutable.
 */
final class DrugNames {
  private final Map<String, String> atcByName;
  private final Map<String, List<String>> namesByAtc;

  private DrugNames(Map<String, String> atcByName, Map<String, List<String>> namesByAtc) {
    this.atcByName = atcByName;
    this.namesByAtc = namesByAtc;
  }

  static DrugNames load(String resource) {
    InputStream in = DrugNames.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Missing drug list " + resource);
    }
    Map<String, String> byName = new HashMap<>();
    Map<String, List<String>> byAtc = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        int bar = s.indexOf('|');
        String atc = s.substring(0, bar).strip();
        List<String> names = new ArrayList<>();
        for (String n : s.substring(bar + 1).split(",")) {
          String folded = CheckinText.fold(n.strip());
          names.add(folded);
          byName.putIfAbsent(folded, atc);
        }
        byAtc.put(atc, List.copyOf(names));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DrugNames(Map.copyOf(byName), Map.copyOf(byAtc));
  }

  /** The ATC code of a folded name, e.g. {@code lipitor} → {@code C10AA05}. */
  Optional<String> atc(String foldedName) {
    return Optional.ofNullable(atcByName.get(foldedName));
  }

  /** Names written for an ATC code, or none. */
  List<String> names(String atc) {
    return namesByAtc.getOrDefault(atc, List.of());
  }
}
