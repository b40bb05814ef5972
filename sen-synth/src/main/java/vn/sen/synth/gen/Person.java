package vn.sen.synth.gen;

import org.jspecify.annotations.Nullable;
import vn.sen.synth.data.VietnameseNames.Name;

/**
 * Demographics of one synthetic person, as drawn before any clinical history.
 *
 * @param birthDay epoch day of birth
 * @param insuranceNumber the 15-character BHYT number, or null when uninsured
 * @param phone a mobile number in national format, or null
 * @param caregiver a family member who helps, or null
 */
public record Person(
    int index,
    String uuid,
    String internalId,
    boolean male,
    int birthDay,
    int age,
    Name name,
    CareNetwork.Site site,
    boolean urban,
    String addressLine,
    String ethnicityCode,
    String ethnicityDisplay,
    String occupationCode,
    String occupationDisplay,
    String citizenId,
    @Nullable String insuranceNumber,
    String insuranceGroup,
    @Nullable String phone,
    boolean livesAlone,
    @Nullable Relative caregiver) {

  /** A related person: a child caring for an elder, or a parent of a child. */
  public record Relative(
      String uuid, Name name, boolean male, String relationshipCode, String relationshipDisplay,
      String phone, boolean livesWithPatient) {}

  public boolean insured() {
    return insuranceNumber != null;
  }
}
