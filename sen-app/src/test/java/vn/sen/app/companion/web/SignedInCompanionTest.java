package vn.sen.app.companion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** Patients and caregivers who sign in with Sen's own sign-in reach their companion pages without a link. */
@ExtendWith(SenServer.class)
class SignedInCompanionTest {

  @Test
  void aSignedInPatientAndTheirCaregiverSeeTheDosesAStaffMemberDoesNot(SenServer.Running sen) throws Exception {
    CompanionRecords records = CompanionRecords.create(sen.fhirClient());
    String run = UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    sen.createUser("companion-patient-" + run, password, Set.of("patient"), "Patient/" + records.patientId(), null,
        records.patientId());
    sen.createUser("companion-caregiver-" + run, password, Set.of("caregiver"),
        "RelatedPerson/" + records.relatedPersonId(), null, null);

    HttpResponse<String> patient = get(sen, sen.signedIn("companion-patient-" + run, password), "/companion");
    assertThat(patient.statusCode()).isEqualTo(200);
    assertThat(patient.body()).contains("Amlodipin 5 mg");

    HttpResponse<String> caregiver = get(sen, sen.signedIn("companion-caregiver-" + run, password), "/companion");
    assertThat(caregiver.statusCode()).isEqualTo(200);
    assertThat(caregiver.body()).contains("Amlodipin 5 mg");

    // an administrator is nobody's patient: the welcome page, and no history
    assertThat(sen.get("/companion").body()).doesNotContain("Amlodipin 5 mg");
    assertThat(sen.get("/companion/history").statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> get(SenServer.Running sen, HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
