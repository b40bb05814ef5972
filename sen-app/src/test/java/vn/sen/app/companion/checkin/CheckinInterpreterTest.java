package vn.sen.app.companion.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Behaviours of the interpreter the issue names, one message each. */
class CheckinInterpreterTest {
  private static final CheckinInterpreter INTERPRETER = new CheckinInterpreter();
  private static final List<ActiveMedication> MEDS = CheckinEvaluation.patientMedications(INTERPRETER);

  private static Interpretation read(String text) {
    return INTERPRETER.interpret(new CheckinMessage(text, CheckinEvaluation.SENT, CheckinMessage.DEFAULT_ZONE, MEDS));
  }

  private static List<String> ids(Interpretation i) {
    return i.medications().stream().map(ActiveMedication::requestId).toList();
  }

  @Test
  void tookItButFeelsDizzyIsASideEffectThatStillRecordsTheDose() {
    Interpretation i = read("uống r mà thấy chóng mặt quá");

    assertThat(i.intent()).isEqualTo(Intent.SIDE_EFFECT);
    assertThat(i.secondary()).contains(Intent.TAKEN);
    assertThat(i.symptoms()).containsExactly(Symptom.DIZZINESS);
  }

  @Test
  void withAndWithoutDiacriticsReadTheSame() {
    Interpretation accented = read("Sáng nay quên uống thuốc huyết áp");
    Interpretation bare = read("sang nay quen uong thuoc huyet ap");

    assertThat(accented.intent()).isEqualTo(Intent.MISSED);
    assertThat(bare.intent()).isEqualTo(Intent.MISSED);
    assertThat(ids(accented)).containsExactlyInAnyOrder("amlodipine", "losartan");
    assertThat(ids(bare)).isEqualTo(ids(accented));
    assertThat(bare.doseTime()).isEqualTo(accented.doseTime());
    assertThat(accented.doseTime().period()).isEqualTo(DoseTime.Period.MORNING);
  }

  @Test
  void forgettingIsNegatedByNotForgetting() {
    assertThat(read("bà quên uống thuốc rồi con ơi").intent()).isEqualTo(Intent.MISSED);
    assertThat(read("không quên uống thuốc đâu, uống rồi").intent()).isEqualTo(Intent.TAKEN);
  }

  @Test
  void caregiversWritingAboutAParentAreRecognised() {
    Interpretation i = read("bà uống rồi");

    assertThat(i.intent()).isEqualTo(Intent.TAKEN);
    assertThat(i.caregiver()).isTrue();
    assertThat(read("uống rồi").caregiver()).isFalse();
  }

  @Test
  void yesterdayEveningIsTheDayBeforeTheMessageInHanoi() {
    Interpretation i = read("quen uong thuoc toi qua");

    assertThat(i.doseTime().period()).isEqualTo(DoseTime.Period.EVENING);
    assertThat(i.doseTime().day()).isEqualTo(DoseTime.Day.YESTERDAY);
    assertThat(i.doseTime().date()).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(i.missedReason()).isEqualTo(Interpretation.MissedReason.FORGOT);
  }

  @Test
  void brandAndClassNamesPointAtThePrescriptions() {
    assertThat(ids(read("Uống Lipitor bị đau nhức cơ"))).containsExactly("atorvastatin");
    assertThat(ids(read("hết thuốc tiểu đường từ hôm qua"))).containsExactlyInAnyOrder("metformin", "gliclazide");
    assertThat(read("can I take paracetamol with my blood pressure pills?").unlistedMedicines())
        .containsExactly("paracetamol");
  }

  @Test
  void redFlagsAreUrgentAndTheReplySaysCall115InTheWritersLanguage() {
    Interpretation vi = read("Bà bị ngã không đứng dậy được");
    Interpretation en = read("I have chest pain since this morning");

    assertThat(vi.intent()).isEqualTo(Intent.UNWELL_URGENT);
    assertThat(vi.urgent()).isTrue();
    assertThat(vi.redFlags()).containsExactly(RedFlag.FALL);
    assertThat(vi.reply()).contains("115").contains("Hãy gọi");
    assertThat(en.redFlags()).containsExactly(RedFlag.CHEST_PAIN);
    assertThat(en.language()).isEqualTo(Interpretation.Language.EN);
    assertThat(en.reply()).contains("Call 115 now");
  }

  @Test
  void negatedOrMerelyAskedRedFlagsAreNotUrgent() {
    assertThat(read("hết khó thở rồi, cảm ơn bs").urgent()).isFalse();
    assertThat(read("thuốc này có gây đau ngực không ạ?").intent()).isEqualTo(Intent.QUESTION);
    assertThat(read("huyết áp 150/90, hơi nhức đầu").urgent()).isFalse();
    assertThat(read("HA 190/120 dau dau qua").redFlags()).containsExactly(RedFlag.HYPERTENSIVE);
  }

  @Test
  void priorityOrderDecidesThePrimaryIntent() {
    assertThat(read("hết thuốc rồi, đừng nhắc nữa").intent()).isEqualTo(Intent.OUT_OF_STOCK);
    assertThat(read("đừng nhắc nữa").intent()).isEqualTo(Intent.STOP_REMINDERS);
    assertThat(read("quên uống thuốc sáng, có uống bù được không?").secondary()).contains(Intent.QUESTION);
    assertThat(read("cảm ơn bác sĩ").intent()).isEqualTo(Intent.OTHER);
  }

  @Test
  void textsLongerThanAThousandCharactersAreRefused() {
    assertThatThrownBy(() -> read("a".repeat(CheckinInterpreter.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneInterpreterServesManyThreadsWithTheSameAnswers() {
    List<CheckinEvaluation.Row> rows = CheckinEvaluation.load("companion/checkin/dev.tsv");
    List<String> sequential = rows.stream().map(r -> read(r.text()).intent().code()).toList();
    List<String> parallel = IntStream.range(0, rows.size()).parallel()
        .mapToObj(k -> read(rows.get(k).text()).intent().code()).toList();

    assertThat(parallel).isEqualTo(sequential);
  }
}
