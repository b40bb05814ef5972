package vn.sen.app.companion.adherence;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The class a medicine counts in for PDC: the PQA measure groups where they apply (renin-angiotensin
 * system antagonists, statins, non-insulin diabetes medicines), otherwise the ATC level 4 group
 * (chemical subgroup, the first five characters of the code), otherwise the medicine itself.
 */
final class DrugClasses {
  /** A class: a stable key for identifiers and a name to show. */
  record DrugClass(String key, String display, @Nullable String atc) {}

  private record Group(List<String> prefixes, DrugClass drugClass) {}

  private static final List<Group> PQA = List.of(
      new Group(List.of("C09A", "C09B", "C09C", "C09D", "C09X"),
          new DrugClass("pqa-rasa", "Thuốc ức chế hệ renin-angiotensin / RAS antagonists (PQA)", null)),
      new Group(List.of("C10AA", "C10BA", "C10BX"),
          new DrugClass("pqa-statins", "Statin / Statins (PQA)", null)),
      new Group(List.of("A10BA", "A10BB", "A10BD", "A10BG", "A10BH", "A10BJ", "A10BK", "A10BX"),
          new DrugClass("pqa-diabetes", "Thuốc điều trị đái tháo đường không phải insulin / "
              + "Non-insulin diabetes medicines (PQA)", null)));

  /** Antiretrovirals (ATC J05A…) are held to 0.90 (PQA); every other class to 0.80. */
  private static final Map<String, Double> THRESHOLDS = Map.of("J05A", 0.90);

  private DrugClasses() {}

  static DrugClass of(@Nullable String atc, String medicationKey, String display) {
    if (atc != null && atc.length() >= 5) {
      for (Group g : PQA) {
        for (String prefix : g.prefixes()) {
          if (atc.startsWith(prefix)) {
            return g.drugClass();
          }
        }
      }
      String level4 = atc.substring(0, 5);
      return new DrugClass("atc-" + level4, "ATC " + level4, level4);
    }
    return new DrugClass("med-" + medicationKey, display, null);
  }

  static double threshold(@Nullable String anyAtc) {
    if (anyAtc != null) {
      for (Map.Entry<String, Double> e : THRESHOLDS.entrySet()) {
        if (anyAtc.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return 0.80;
  }
}
