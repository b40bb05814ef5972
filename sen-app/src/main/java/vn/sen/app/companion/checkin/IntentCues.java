package vn.sen.app.companion.checkin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * The dose-related and administrative intents a message states: taken, late, missed, out of stock, stop
 * reminders, question. Cues inside a question or a condition ("quên uống thì có uống bù được không?") are
 * not statements and do not count; "took it after forgetting" and "the morning dose at noon" are late.
 */
final class IntentCues {
  private static final WordSet TAKEN_NEGATORS = WordSet.of("quên", "chưa", "không", "chẳng", "didnt", "not", "never",
      "havent", "forgot");
  private static final WordSet FORGET = WordSet.of("quên", "forgot", "forget", "forgetting");
  private static final WordSet FORGET_NEGATORS = WordSet.of("không", "chẳng", "never", "didnt", "dont", "chưa");
  private static final WordSet HET = WordSet.of("hết");
  private static final WordSet UONG = WordSet.of("uống");
  private static final WordSet OUT = WordSet.of("out");
  private static final WordSet OF = WordSet.of("of");

  /** Intents found and whether the only missed cues were forgetting. */
  record Found(Set<Intent> intents, boolean forgot, boolean refused) {}

  private final Lexicon lexicon;

  IntentCues(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  Found find(CheckinText text, Clauses clauses, MedicationMentions.Found meds, DoseTimes times) {
    Set<Intent> intents = EnumSet.noneOf(Intent.class);
    boolean taken = false;
    for (Hit h : lexicon.find("intent.taken", text)) {
      if (stated(text, clauses, h) && !clauses.negatedBy(h.start(), TAKEN_NEGATORS)) {
        taken = true;
      }
    }
    boolean forgot = false;
    boolean otherMissed = false;
    boolean refused = false;
    for (Hit h : lexicon.find("intent.missed", text)) {
      if (!stated(text, clauses, h) || clauses.negatedBy(h.start(), FORGET_NEGATORS)) {
        continue;
      }
      Token first = text.token(h.start());
      if (FORGET.contains(first)) {
        forgot = true;
      } else {
        otherMissed = true;
        refused |= first.folded().equals("khong") && h.end() - h.start() >= 3
            && text.token(h.start() + 1).folded().equals("chiu");
      }
    }
    boolean late = false;
    for (Hit h : lexicon.find("intent.late", text)) {
      late |= stated(text, clauses, h);
    }
    late |= taken && (forgot || times.displaced(text));
    if (late) {
      intents.add(Intent.LATE);
      if (otherMissed && !forgot) {
        intents.add(Intent.MISSED);
      }
    } else if (forgot || otherMissed) {
      intents.add(Intent.MISSED);
    } else if (taken) {
      intents.add(Intent.TAKEN);
    }
    if (outOfStock(text, clauses, meds)) {
      intents.add(Intent.OUT_OF_STOCK);
    }
    if (!lexicon.find("intent.stop", text).isEmpty()
        || (lexicon.any("stop.verb", text) && lexicon.any("stop.object", text))) {
      intents.add(Intent.STOP_REMINDERS);
    }
    if (clauses.anyQuestion()) {
      intents.add(Intent.QUESTION);
    }
    return new Found(intents, forgot, refused);
  }

  private boolean outOfStock(CheckinText text, Clauses clauses, MedicationMentions.Found meds) {
    for (Hit h : lexicon.find("intent.oos", text)) {
      if (stated(text, clauses, h)) {
        return true;
      }
    }
    // "hết Amlor", "hết thuốc mỡ máu", "out of metformin": right before a medicine, not "uống hết".
    for (int i = 0; i < text.size(); i++) {
      Token t = text.token(i);
      boolean het = HET.contains(t) && !(i > 0 && UONG.contains(text.token(i - 1)));
      boolean outOf = OUT.contains(t) && i + 1 < text.size() && OF.contains(text.token(i + 1));
      if (!het && !outOf) {
        continue;
      }
      for (int p : meds.positions()) {
        if (p > i && p <= i + 3 && text.token(p).clause() == t.clause() && !clauses.question(t.clause())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A cue is a statement unless its clause asks a question or states a condition. */
  private static boolean stated(CheckinText text, Clauses clauses, Hit h) {
    return !clauses.question(text.token(h.start()).clause()) && !clauses.conditional(h.start());
  }

  static List<Intent> ordered(Set<Intent> intents) {
    return intents.stream().sorted((a, b) -> Integer.compare(a.priority(), b.priority())).toList();
  }
}
