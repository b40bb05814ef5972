package vn.sen.app.companion.checkin;

import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Phrase.Hit;

/**
 * Per-clause facts of one message: which clauses ask a question, which state a condition ("nếu quên
 * uống thì …"), and whether a word is negated by what precedes it ("không bị đau ngực", "hết chóng mặt").
 */
final class Clauses {
  private static final WordSet NEGATORS = WordSet.of("không", "chẳng", "chả", "hết", "đỡ", "khỏi", "no", "not",
      "never", "without", "dont", "didnt", "denies", "isnt", "arent", "havent");
  private static final WordSet DOUBLE = WordSet.of("chưa", "không", "vẫn", "chẳng");
  private static final WordSet FILLERS = WordSet.of("bị", "còn", "thấy", "có", "hề", "cảm", "nữa", "thêm", "any",
      "have", "feel", "feeling", "a", "longer", "more", "gì", "i", "thể");
  private static final WordSet QUESTION_END_NEEDS = WordSet.of("có", "được", "nên", "phải", "cần", "thể", "hay");
  private static final WordSet TRAILING = WordSet.of("ạ", "vậy", "nhỉ", "thế", "bác", "sĩ", "ơi", "chị", "anh", "em",
      "hả", "à", "nhé", "nha", "chứ", "cô");
  private static final WordSet QUESTION_START =
      WordSet.of("can", "could", "should", "shall", "will", "may", "does", "sao", "what", "how", "is");
  private static final WordSet KHONG = WordSet.of("không");
  private static final WordSet GI = WordSet.of("gì");
  private static final WordSet GI_NEGATORS = WordSet.of("không", "chẳng", "chả");
  private static final WordSet ASKING_VERBS = WordSet.of("có", "gây", "will", "can", "does", "do", "is", "could",
      "would", "may", "làm");

  private final CheckinText text;
  private final boolean[] question;
  private final boolean[] conditionalBefore;
  private final Lexicon lexicon;

  Clauses(CheckinText text, Lexicon lexicon) {
    this.text = text;
    this.lexicon = lexicon;
    this.question = new boolean[text.clauses() + 1];
    this.conditionalBefore = new boolean[text.size() + 1];
    for (int c = 0; c < text.clauses(); c++) {
      question[c] = text.questionMark(c);
    }
    for (Hit h : lexicon.find("question.word", text)) {
      question[text.token(h.start()).clause()] = true;
    }
    int previousClause = -1;
    for (int i = 0; i < text.size(); i++) {
      Token t = text.token(i);
      if (t.clause() != previousClause) {
        previousClause = t.clause();
        if (QUESTION_START.contains(t)) {
          question[t.clause()] = true;
        }
      }
      if (GI.contains(t) && !anyBeforeInClause(i, GI_NEGATORS)) {
        question[t.clause()] = true;
      }
    }
    markQuestionEndings();
    markConditionals();
  }

  private void markQuestionEndings() {
    for (int i = 0; i < text.size(); i++) {
      Token t = text.token(i);
      if (!KHONG.contains(t)) {
        continue;
      }
      int j = i + 1;
      while (j < text.size() && text.token(j).clause() == t.clause() && TRAILING.contains(text.token(j))) {
        j++;
      }
      boolean last = j >= text.size() || text.token(j).clause() != t.clause();
      if (last && anyBeforeInClause(i, QUESTION_END_NEEDS)) {
        question[t.clause()] = true;
      }
    }
  }

  private void markConditionals() {
    for (Hit h : lexicon.find("conditional", text)) {
      int clause = text.token(h.start()).clause();
      boolean then = text.token(h.start()).folded().equals("thi");
      // "nếu/if X" makes what follows conditional; "X thì Y" makes what precedes it conditional.
      for (int i = 0; i < text.size(); i++) {
        if (text.token(i).clause() == clause && (then ? i < h.start() : i > h.start())) {
          conditionalBefore[i] = true;
        }
      }
    }
  }

  boolean question(int clause) {
    return question[clause];
  }

  boolean anyQuestion() {
    for (int c = 0; c < text.clauses(); c++) {
      if (question[c]) {
        return true;
      }
    }
    return false;
  }

  /** Whether the token at {@code i} is part of a condition ("nếu quên", "quên uống thì"). */
  boolean conditional(int i) {
    return conditionalBefore[i];
  }

  /**
   * Whether the phrase starting at {@code start} is negated: a negator before it in its clause with only
   * fillers between ("không bị", "hết", "no more"), unless the negator is itself negated ("chưa hết").
   */
  boolean negated(int start) {
    return negatedBy(start, NEGATORS);
  }

  boolean negatedBy(int start, WordSet negators) {
    int clause = text.token(start).clause();
    for (int j = start - 1; j >= 0 && j >= start - 4 && text.token(j).clause() == clause; j--) {
      Token t = text.token(j);
      if (negators.contains(t) && !(t.folded().equals("do") && !t.accented())) {
        return !(j > 0 && text.token(j - 1).clause() == clause && DOUBLE.contains(text.token(j - 1)));
      }
      if (!FILLERS.contains(t)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether a finding at {@code start} is only asked about ("thuốc này có gây ho không?"): its clause is a
   * question and an asking verb comes before it.
   */
  boolean asked(int start) {
    Token t = text.token(start);
    return question[t.clause()] && anyBeforeInClause(start, ASKING_VERBS);
  }

  /** Stricter, for red flags: only "gây", "cause", "có bị" and the like before it in a question. */
  boolean askedAboutCause(int start) {
    Token t = text.token(start);
    if (!question[t.clause()]) {
      return false;
    }
    for (Hit h : lexicon.find("hypothetical", text)) {
      if (h.start() < start && text.token(h.start()).clause() == t.clause()) {
        return true;
      }
    }
    return false;
  }

  private boolean anyBeforeInClause(int i, WordSet words) {
    int clause = text.token(i).clause();
    for (int j = i - 1; j >= 0 && text.token(j).clause() == clause; j--) {
      if (words.contains(text.token(j))) {
        return true;
      }
    }
    return false;
  }
}
