package vn.sen.app.companion.checkin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a check-in says.
 *
 * @param intent the primary intent: the most clinically important one found
 * @param secondary the other intents found, in priority order; each still gets its records
 * @param urgent whether a red flag was recognised (then {@code intent} is {@link Intent#UNWELL_URGENT})
 * @param redFlags the red flags recognised
 * @param symptoms symptoms recognised (besides the red flags), not negated ("hết chóng mặt")
 * @param medications the prescriptions the text names or clearly implies (generic, brand or class)
 * @param unlistedMedicines names of medicines the text names that the patient has no active prescription for
 * @param doseTime the dose it is about, when the text says
 * @param missedReason why a dose was not taken, for a missed dose
 * @param language the language it was written in, and the reply's
 * @param caregiver whether someone wrote about the patient ("bà uống rồi", "my mother …")
 * @param reply the message shown to the writer
 */
public record Interpretation(
    Intent intent,
    List<Intent> secondary,
    boolean urgent,
    List<RedFlag> redFlags,
    List<Symptom> symptoms,
    List<ActiveMedication> medications,
    List<String> unlistedMedicines,
    @Nullable DoseTime doseTime,
    @Nullable MissedReason missedReason,
    Language language,
    boolean caregiver,
    String reply) {

  public Interpretation {
    secondary = List.copyOf(secondary);
    redFlags = List.copyOf(redFlags);
    symptoms = List.copyOf(symptoms);
    medications = List.copyOf(medications);
    unlistedMedicines = List.copyOf(unlistedMedicines);
  }

  /** Whether the message says {@code i}, as primary or secondary intent. */
  public boolean says(Intent i) {
    return intent == i || secondary.contains(i);
  }

  /** The language of a message and of its reply. */
  public enum Language {
    VI("vi"),
    EN("en");

    private final String code;

    Language(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Why a dose was not taken (MedicationAdministration.statusReason). */
  public enum MissedReason implements Term.Termed {
    FORGOT("forgot", "Quên uống", "Forgot"),
    OUT_OF_STOCK("out-of-stock", "Hết thuốc", "Out of stock"),
    SIDE_EFFECT("side-effect", "Do tác dụng phụ", "Side effect"),
    REFUSED("refused", "Không chịu uống", "Refused"),
    OTHER("other", "Lý do khác", "Other reason");

    public static final String SYSTEM = "https://sen.health.vn/fhir/CodeSystem/dose-not-taken-reason";

    private final Term term;

    MissedReason(String code, String vi, String en) {
      this.term = Term.of(code, null, en, vi);
    }

    @Override
    public Term term() {
      return term;
    }

    public String vi() {
      return term.vi();
    }

    public String en() {
      return term.en();
    }
  }
}
