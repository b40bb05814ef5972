package vn.sen.app.companion.checkin;

import java.util.List;
import java.util.stream.Stream;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Form;

/** Single words compared the way lexicon phrases compare them (diacritics when typed, folded when not). */
final class WordSet {
  private final List<Form> forms;

  private WordSet(List<Form> forms) {
    this.forms = forms;
  }

  static WordSet of(String... words) {
    return new WordSet(Stream.of(words).map(Form::of).toList());
  }

  boolean contains(Token t) {
    for (Form f : forms) {
      if (f.matches(t)) {
        return true;
      }
    }
    return false;
  }
}
