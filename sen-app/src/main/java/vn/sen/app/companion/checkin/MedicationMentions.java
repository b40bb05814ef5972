package vn.sen.app.companion.checkin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * Finds the prescriptions a message is about: by name (generic, Vietnamese spelling, brand, from the
 * prescription itself or Sen's drug list) or by class ("thuốc huyết áp" → every active ATC C02, C03, C07,
 * C08, C09 prescription).
 */
final class MedicationMentions {

  /** The prescriptions referred to, where in the text, and names of medicines the patient has no prescription for. */
  record Found(List<ActiveMedication> medications, List<Integer> positions, List<String> otherDrugs) {}

  private final Lexicon lexicon;
  private final DrugNames drugs;
  private final List<String> classSections;

  MedicationMentions(Lexicon lexicon, DrugNames drugs) {
    this.lexicon = lexicon;
    this.drugs = drugs;
    this.classSections = lexicon.sectionsStartingWith("class:");
  }

  Found find(CheckinText text, List<ActiveMedication> active) {
    Set<ActiveMedication> found = new LinkedHashSet<>();
    List<Integer> positions = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      Token t = text.token(i);
      if (t.folded().length() < 4 || t.isNumber()) {
        continue;
      }
      boolean matched = false;
      String atc = drugs.atc(t.folded()).orElse(null);
      for (ActiveMedication m : active) {
        if (m.names().contains(t.folded()) || (atc != null && m.atcCodes().contains(atc))) {
          found.add(m);
          matched = true;
        }
      }
      if (matched) {
        positions.add(i);
      } else if (atc != null) {
        other.add(t.folded());
        positions.add(i);
      }
    }
    for (String section : classSections) {
      List<String> prefixes = List.of(section.substring("class:".length()).split(","));
      for (Hit h : lexicon.find(section, text)) {
        positions.add(h.start());
        for (ActiveMedication m : active) {
          if (m.inClass(prefixes)) {
            found.add(m);
          }
        }
      }
    }
    positions.sort(null);
    return new Found(List.copyOf(found), List.copyOf(positions), List.copyOf(other));
  }
}
