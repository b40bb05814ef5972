package vn.sen.app.companion.schedule;

import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.schedule.PhaseDraft.Unreadable;

/**
 * Reads free-text dose instructions as Vietnamese and English prescribers write them ("Uống 1 viên x 2
 * lần/ngày, sáng - tối, sau ăn", "1v sáng", "ngay uong 3 lan moi lan 2 vien", "1 tab PO BID PC",
 * "tuần đầu 2 viên, sau đó 1 viên") into a Timing-shaped regimen.
 *
 * <p>Every word must be understood: a word the parser does not know, or parts that contradict each other,
 * make the whole instruction {@link SigResult.Unparsed} with the reason, so that the prescriber is asked
 * rather than a schedule guessed. The rules it follows where prescriptions are terse are written in
 * docs/companion.md ("Dose schedules"). Stateless and thread-safe.
 */
public final class SigParser {
  /** Reads one instruction. Never throws for any text; blank text is unparsed. */
  public SigResult parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return new SigResult.Unparsed("no instruction text");
    }
    try {
      return new SigReading(SigTokens.of(text)).run();
    } catch (Unreadable e) {
      return new SigResult.Unparsed(e.getMessage());
    }
  }
}
