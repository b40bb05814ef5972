package vn.sen.app.companion.checkin;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One of the patient's active prescriptions, as the interpreter and the records need it (immutable values
 * taken from a MedicationRequest and its Medication).
 *
 * @param requestId the MedicationRequest's id
 * @param display how to name it to the patient and the care team
 * @param codings the medication's codings (system, code, display), e.g. ATC
 * @param atcCodes ATC codes, from the codings or from Sen's drug list when only a name was coded
 * @param names lower-case, folded names a patient may write: INN, Vietnamese spelling, brand
 * @param periods periods of the day it is taken at, from its Timing; empty when unknown
 * @param medicationReference the {@code Medication/…} reference when the request uses one
 * @param dispenser the pharmacy or station that dispenses it ({@code dispenseRequest.performer}), if known
 */
public record ActiveMedication(
    String requestId,
    String display,
    List<Code> codings,
    List<String> atcCodes,
    Set<String> names,
    Set<DoseTime.Period> periods,
    @Nullable String medicationReference,
    @Nullable String dispenser) {

  /** A coding, as a value. */
  public record Code(String system, String code, @Nullable String display) {}

  public ActiveMedication {
    codings = List.copyOf(codings);
    atcCodes = List.copyOf(atcCodes);
    names = Set.copyOf(names);
    periods = Set.copyOf(periods);
  }

  public String requestReference() {
    return "MedicationRequest/" + requestId;
  }

  boolean inClass(List<String> atcPrefixes) {
    for (String atc : atcCodes) {
      for (String prefix : atcPrefixes) {
        if (atc.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }
}
