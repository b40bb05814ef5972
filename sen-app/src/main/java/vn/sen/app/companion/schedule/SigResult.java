package vn.sen.app.companion.schedule;

import java.util.ArrayList;
import java.util.List;

/** What the instruction parser made of a text: a regimen, or an explicit "not understood" with the reason. */
public sealed interface SigResult permits SigResult.Parsed, SigResult.Unparsed {

  /** The notation of the test set: phases joined by {@code " ; "}, or {@code UNPARSED}. */
  String compact();

  /** A regimen of one or more steps applied in order (tapering). */
  record Parsed(List<SigPhase> phases) implements SigResult {
    public Parsed {
      phases = List.copyOf(phases);
    }

    @Override
    public String compact() {
      List<String> each = new ArrayList<>();
      phases.forEach(p -> each.add(p.compact()));
      return String.join(" ; ", each);
    }
  }

  /**
   * Not understood: nothing is scheduled from it and the prescriber is asked.
   *
   * @param reason in English, for the prescriber's task and the logs (never contains patient data
   *     other than the word that was not understood)
   */
  record Unparsed(String reason) implements SigResult {
    @Override
    public String compact() {
      return "UNPARSED";
    }
  }
}
