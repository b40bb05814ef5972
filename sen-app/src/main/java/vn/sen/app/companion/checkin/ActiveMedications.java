package vn.sen.app.companion.checkin;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.DoseTime.Period;

/** Builds {@link ActiveMedication} values from a MedicationRequest and its Medication. */
final class ActiveMedications {
  static final String ATC = "http://www.whocc.no/atc";
  private static final int MIN_NAME = 4;
  /** Words in medicine names that are not names ("Viên nén bao phim", "acid"). */
  private static final Set<String> NOT_NAMES = Set.of("thuoc", "vien", "nang", "tablet", "tablets", "capsule",
      "capsules", "film", "coated", "oral", "solution", "dung", "dich", "tiem", "injection", "acid", "sodium",
      "potassium", "hydrochloride", "lieu", "dose", "dinh", "carbonate", "with", "inhaler", "phim", "cream",
      "syrup", "siro", "goi", "powder", "extended", "release", "modified", "hydrochlorid", "natri", "kali");
  private static final int NOON_FROM = 11;
  private static final int EVENING_FROM = 14;
  private static final int NIGHT_FROM = 20;

  private ActiveMedications() {}

  static ActiveMedication from(MedicationRequest request, @Nullable Medication medication, DrugNames drugs) {
    CodeableConcept concept = medication != null ? medication.getCode()
        : request.hasMedicationCodeableConcept() ? request.getMedicationCodeableConcept() : new CodeableConcept();
    List<ActiveMedication.Code> codings = new ArrayList<>();
    Set<String> atc = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    StringBuilder words = new StringBuilder(concept.getText() == null ? "" : concept.getText());
    for (Coding c : concept.getCoding()) {
      if (c.getSystem() != null && c.getCode() != null) {
        codings.add(new ActiveMedication.Code(c.getSystem(), c.getCode(), c.getDisplay()));
        if (ATC.equals(c.getSystem())) {
          atc.add(c.getCode());
        }
      }
      words.append(' ').append(c.getDisplay() == null ? "" : c.getDisplay());
    }
    for (String w : words.toString().split("[^\\p{L}\\p{M}]+")) {
      String folded = CheckinText.fold(w);
      if (folded.length() >= MIN_NAME && !NOT_NAMES.contains(folded)) {
        names.add(folded);
        drugs.atc(folded).ifPresent(atc::add);
      }
    }
    for (String code : atc) {
      names.addAll(drugs.names(code));
    }
    String display = concept.getText() != null ? concept.getText()
        : concept.hasCoding() && concept.getCodingFirstRep().getDisplay() != null
            ? concept.getCodingFirstRep().getDisplay() : "thuốc / medicine";
    Reference performer = request.getDispenseRequest().getPerformer();
    String medRef = request.hasMedicationReference() ? request.getMedicationReference().getReference() : null;
    return new ActiveMedication(request.getIdElement().getIdPart(), display, codings, List.copyOf(atc), names,
        periods(request), medRef, performer.hasReference() ? performer.getReference() : null);
  }

  private static Set<Period> periods(MedicationRequest request) {
    Set<Period> out = EnumSet.noneOf(Period.class);
    for (Dosage d : request.getDosageInstruction()) {
      Timing.TimingRepeatComponent repeat = d.getTiming().getRepeat();
      for (var when : repeat.getWhen()) {
        Period p = period(when.getValueAsString());
        if (p != null) {
          out.add(p);
        }
      }
      for (TimeType t : repeat.getTimeOfDay()) {
        String v = t.getValue();
        if (v != null && v.length() >= 2) {
          int hour = Integer.parseInt(v.substring(0, 2));
          out.add(hour < NOON_FROM ? Period.MORNING : hour < EVENING_FROM ? Period.NOON
              : hour < NIGHT_FROM ? Period.EVENING : Period.NIGHT);
        }
      }
    }
    return out;
  }

  private static @Nullable Period period(@Nullable String when) {
    if (when == null) {
      return null;
    }
    return switch (when) {
      case "MORN", "MORN.early", "MORN.late", "ACM", "CM", "PCM", "WAKE" -> Period.MORNING;
      case "NOON", "ACD", "CD", "PCD" -> Period.NOON;
      case "AFT", "AFT.early", "AFT.late", "EVE", "EVE.early", "EVE.late", "ACV", "CV", "PCV" -> Period.EVENING;
      case "NIGHT", "PHS", "HS" -> Period.NIGHT;
      default -> null;
    };
  }
}
