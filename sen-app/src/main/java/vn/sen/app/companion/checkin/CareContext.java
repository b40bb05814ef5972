package vn.sen.app.companion.checkin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who looks after the patient, for addressing records: the registering station ({@code
 * Patient.managingOrganization}) and the care team (active CareTeams, else the general practitioners, else
 * the station).
 *
 * @param patientId the Patient's id
 * @param managingOrganization {@code Organization/…}, or null
 * @param careTeam references of the care team, possibly empty
 */
public record CareContext(String patientId, @Nullable String managingOrganization, List<String> careTeam) {
  public CareContext {
    careTeam = List.copyOf(careTeam);
  }

  String patientReference() {
    return "Patient/" + patientId;
  }

  /** The care team, or the station when no team is known. */
  List<String> recipients() {
    if (!careTeam.isEmpty()) {
      return careTeam;
    }
    return managingOrganization == null ? List.of() : List.of(managingOrganization);
  }
}
