package vn.sen.app.companion.checkin;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.CheckinText.Token;
import vn.sen.app.companion.checkin.Interpretation.Language;
import vn.sen.app.companion.checkin.Interpretation.MissedReason;

/**
 * Reads a check-in in the patient's or caregiver's own words, offline and in-process, with rules and
 * lexicons ({@code companion/checkin/lexicon.txt}, {@code drugs.txt}): Vietnamese with or without
 * diacritics, teen-code and abbreviations, caregivers writing about a parent, negation, time words, English.
 * The primary intent is the most clinically important one found (issue 5's order, {@link Intent}); any red
 * flag makes the message {@code unwell-urgent}. Thread-safe: build once, share.
 */
public final class CheckinInterpreter {
  /** Longest message accepted; the operation refuses longer ones. */
  public static final int MAX_LENGTH = 1000;

  private static final WordSet VIETNAMESE = WordSet.of("thuốc", "uống", "rồi", "không", "bị", "chưa", "đã",
      "hôm", "qua", "nay", "sáng", "tối", "trưa", "hết", "quên", "đau", "bà", "ông", "mẹ", "bố", "em", "con",
      "nhé", "ạ", "với", "được", "quá", "cho", "xong", "nha", "ơi", "còn", "mà", "là", "có", "gì");
  private static final WordSet ENGLISH = WordSet.of("i", "my", "the", "took", "take", "taken", "pills", "pill", "meds",
      "and", "have", "is", "it", "me", "of", "to", "a", "after", "since", "feel", "feeling", "can", "cant", "not",
      "dont", "didnt", "please", "stop", "with", "her", "his", "she", "he", "this", "morning", "evening", "night",
      "yesterday", "today", "blood", "pressure", "sugar", "medicine", "medication", "dose", "forgot", "missed",
      "thanks", "hello", "hi", "yes", "done", "what", "how", "when", "for", "out", "up", "get", "im", "ive", "am",
      "just", "late", "good", "unsubscribe", "reminders", "all", "had", "got", "been", "since", "tablets",
      "swollen", "pain", "dizzy", "sorry", "more", "no", "much", "better", "tired", "rash", "on", "in", "at");
  private static final WordSet KIN = WordSet.of("bà", "ông", "mẹ", "bố", "ba", "má", "cha", "cụ", "mom", "mum",
      "mother", "dad", "father", "grandma", "grandmother", "grandpa", "grandfather", "husband", "wife");
  private static final WordSet KIN_EN_PRONOUNS = WordSet.of("she", "he", "her", "his", "him");
  private static final WordSet CHO = WordSet.of("cho", "nhắc", "my", "gave");

  private final Lexicon lexicon;
  private final DrugNames drugs;
  private final MedicationMentions mentions;
  private final DoseTimes times;
  private final Findings findings;
  private final IntentCues cues;

  public CheckinInterpreter() {
    this.lexicon = Lexicon.load("companion/checkin/lexicon.txt");
    this.drugs = DrugNames.load("companion/checkin/drugs.txt");
    this.mentions = new MedicationMentions(lexicon, drugs);
    this.times = new DoseTimes(lexicon);
    this.findings = new Findings(lexicon);
    this.cues = new IntentCues(lexicon);
  }

  /**
   * The values the interpreter needs from an active prescription and its Medication (null when the
   * request codes the medicine inline or the Medication was not found).
   */
  public ActiveMedication activeMedication(MedicationRequest request, @Nullable Medication medication) {
    return ActiveMedications.from(request, medication, drugs);
  }

  /**
   * Interprets one message.
   *
   * @throws IllegalArgumentException if the text is longer than {@link #MAX_LENGTH}
   */
  public Interpretation interpret(CheckinMessage message) {
    if (message.text().length() > MAX_LENGTH) {
      throw new IllegalArgumentException("Check-in text longer than " + MAX_LENGTH + " characters");
    }
    CheckinText text = CheckinText.of(message.text());
    Clauses clauses = new Clauses(text, lexicon);
    MedicationMentions.Found meds = mentions.find(text, message.medications());
    Findings.Found found = findings.find(text, clauses);
    IntentCues.Found said = cues.find(text, clauses, meds, times);

    Set<Intent> intents = EnumSet.copyOf(said.intents().isEmpty() ? EnumSet.of(Intent.OTHER) : said.intents());
    if (!found.redFlags().isEmpty()) {
      intents.add(Intent.UNWELL_URGENT);
    }
    if (!found.symptoms().isEmpty()) {
      intents.add(Intent.SIDE_EFFECT);
    }
    if (intents.size() > 1) {
      intents.remove(Intent.OTHER);
    }
    List<Intent> ordered = IntentCues.ordered(intents);
    Intent primary = ordered.get(0);
    LocalDate today = message.sent().atZone(message.zone()).toLocalDate();
    DoseTime dose = times.doseTime(text, today);
    Language lang = language(text);
    List<RedFlag> flags = List.copyOf(found.redFlags());
    List<Symptom> symptoms = List.copyOf(found.symptoms());
    MissedReason reason = intents.contains(Intent.MISSED) ? missedReason(intents, said) : null;
    String reply = Replies.reply(primary, lang, flags, symptoms, meds.medications(), dose);
    return new Interpretation(primary, ordered.subList(1, ordered.size()), !flags.isEmpty(), flags, symptoms,
        meds.medications(), meds.otherDrugs(), dose, reason, lang, caregiver(text), reply);
  }

  private static @Nullable MissedReason missedReason(Set<Intent> intents, IntentCues.Found said) {
    if (intents.contains(Intent.OUT_OF_STOCK)) {
      return MissedReason.OUT_OF_STOCK;
    }
    if (intents.contains(Intent.SIDE_EFFECT) || intents.contains(Intent.UNWELL_URGENT)) {
      return MissedReason.SIDE_EFFECT;
    }
    if (said.refused()) {
      return MissedReason.REFUSED;
    }
    return said.forgot() ? MissedReason.FORGOT : MissedReason.OTHER;
  }

  private static Language language(CheckinText text) {
    int en = 0;
    int vi = 0;
    for (Token t : text.tokens()) {
      if (t.accented()) {
        vi++;
      } else if (ENGLISH.contains(t)) {
        en++;
      } else if (VIETNAMESE.contains(t)) {
        vi++;
      }
    }
    return en > vi ? Language.EN : Language.VI;
  }

  /** Someone writing about the patient: a kin word first ("bà uống rồi"), after "cho" ("cho bà uống"), "my mother". */
  private static boolean caregiver(CheckinText text) {
    List<Token> tokens = text.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean kin = KIN.contains(t);
      if (kin && (i < 2 || CHO.contains(tokens.get(i - 1)))) {
        return true;
      }
      if (KIN_EN_PRONOUNS.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
