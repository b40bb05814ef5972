package vn.sen.app.companion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser against the hand-written test set (src/test/resources/companion/sig-testset.tsv): each
 * instruction is read correctly, or reported as not understood; never read wrongly.
 */
class SigParserTest {
  private final SigParser parser = new SigParser();

  record Case(String text, String expected) {}

  static List<Case> testSet() throws IOException {
    return cases("/companion/sig-testset.tsv");
  }

  static List<Case> cases(String resource) throws IOException {
    try (InputStream in = SigParserTest.class.getResourceAsStream(resource)) {
      List<Case> cases = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isEmpty()) {
          int tab = line.indexOf('\t');
          cases.add(new Case(line.substring(0, tab), line.substring(tab + 1).strip()));
        }
      }
      return cases;
    }
  }

  @Test
  void readsTheTestSetCorrectlyOrSaysItCannotNeverWrongly() throws IOException {
    Score s = score("test set", testSet());

    assertThat(s.cases()).isGreaterThanOrEqualTo(150);
    assertThat(s.wrong()).as("read wrongly with confidence").isEmpty();
    assertThat(s.accuracy()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void readsTheHeldOutSetWithoutWrongResults() throws IOException {
    Score s = score("held-out set", cases("/companion/sig-heldout.tsv"));

    assertThat(s.wrong()).as("read wrongly with confidence").isEmpty();
    assertThat(s.accuracy()).isGreaterThanOrEqualTo(0.8);
  }

  record Score(int cases, double accuracy, List<String> wrong) {}

  private Score score(String name, List<Case> cases) {
    int correct = 0;
    int unparsed = 0;
    List<String> wrong = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    for (Case c : cases) {
      SigResult r = parser.parse(c.text());
      String got = r.compact();
      if (got.equals(c.expected())) {
        correct++;
      } else if (r instanceof SigResult.Unparsed u) {
        unparsed++;
        missed.add(c.text() + " => UNPARSED (" + u.reason() + "), expected " + c.expected());
      } else {
        wrong.add(c.text() + " => " + got + ", expected " + c.expected());
      }
    }
    long expectedUnparsed = cases.stream().filter(c -> c.expected().equals("UNPARSED")).count();
    long totalUnparsed = cases.stream().filter(c -> parser.parse(c.text()) instanceof SigResult.Unparsed).count();
    System.out.printf("sig " + name + ": %d instructions, %d correct (%.3f), %d unparsed although readable, "
            + "%d wrong; unparsed share %.3f (%d expected unparsed)%n", cases.size(), correct,
        (double) correct / cases.size(), unparsed, wrong.size(), (double) totalUnparsed / cases.size(),
        expectedUnparsed);
    missed.forEach(m -> System.out.println("  missed: " + m));
    wrong.forEach(m -> System.out.println("  WRONG: " + m));
    return new Score(cases.size(), (double) correct / cases.size(), wrong);
  }

  @Test
  void anyMixOfKnownAndUnknownWordsGivesAResultAndNeverThrows() {
    String[] words = {"uống", "1", "viên", "x", "2", "lần", "/", "ngày", "sáng", "tối", "sau", "ăn", "khi",
        "đau", "tuần", "đầu", "sau đó", "cách", "8", "giờ", "thứ", "-", ",", "1/2", "1-2", "0", "99", "mỗi",
        "lúc", "h", "phút", "trong", "q", "prn", "for", "then", "?", "30", "chia", "ngừng", "rồi", "đêm"};
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int n = 0; n < 5_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(10);
      for (int k = 0; k < length; k++) {
        text.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
      }
      SigResult r = parser.parse(text.toString());
      assertThat(r).isNotNull();
      if (r instanceof SigResult.Parsed p) {
        assertThat(p.phases()).isNotEmpty();
        p.phases().forEach(phase -> assertThat(phase.frequency() != null || phase.asNeeded()).isTrue());
      }
    }
  }

  @Test
  void explainsWhyItDidNotUnderstand() {
    assertThat(parser.parse("Uống 2 viên/ngày")).isEqualTo(
        new SigResult.Unparsed("a daily amount without how many times a day"));
    assertThat(parser.parse("Theo chỉ định")).isInstanceOf(SigResult.Unparsed.class)
        .extracting(r -> ((SigResult.Unparsed) r).reason()).asString().contains("unknown word 'theo'");
  }
}
