package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * "Who looked at my record" as a page: a patient signed in sees who read their record, who was refused and
 * who opened it in an emergency (and why);
 * the page is itself an audited search; other users are told it is for patients.
 */
@ExtendWith(SenServer.class)
class MyAccessPageTest {

  @Test
  void aPatientSeesWhoReadTheirRecordAndWhoWasRefused(SenServer.Running sen) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Patient patient = new Patient().setGender(AdministrativeGender.FEMALE);
    patient.addName().setFamily("Trần").addGiven("An");
    String id = sen.fhirClient().create().resource(patient).execute().getId().getIdPart();
    sen.createUser("bn-an-" + suffix, "patient password 6", Set.of("patient"), "Patient/" + id, null, id);
    sen.createUser("dd-binh-" + suffix, "nurse password 6", Set.of("nurse"), "Practitioner/pr-binh-" + suffix,
        "Organization/tram-xa-" + suffix, null);

    sen.fhirClient().read().resource(Patient.class).withId(id).execute();
    String nurse = sen.tokenFor("dd-binh-" + suffix, "user/*.rs");
    assertThatThrownBy(() -> sen.fhirClient(nurse).read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(ForbiddenOperationException.class);

    sen.createUser("bs-cuong-" + suffix, "doctor password 6", Set.of("doctor"), "Practitioner/pr-cuong-" + suffix,
        "Organization/bv-" + suffix, null);
    Parameters reason = new Parameters();
    reason.addParameter().setName("reason").setValue(new StringType("Bất tỉnh tại cấp cứu, cần xem thuốc đang dùng"));
    sen.fhirClient(sen.tokenFor("bs-cuong-" + suffix, "user/*.rs")).operation().onInstance("Patient/" + id)
        .named("$break-glass").withParameters(reason).execute();

    HttpClient browser = sen.signedIn("bn-an-" + suffix, "patient password 6");
    HttpResponse<String> page = get(browser, sen.baseUrl() + "/me/access");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Ai đã xem hồ sơ của tôi", SenServer.Running.TEST_CLIENT, "Xem một mục",
        "dd-binh-" + suffix, "(điều dưỡng)", "Organization/tram-xa-" + suffix, "(bị từ chối)")
        .as("the patient's own name is not needed on the page").doesNotContain("Trần");
    assertThat(page.body()).as("an emergency opening stands out, with its reason")
        .containsPattern("<tr class=\"emergency\">\\s*<td>[^<]+</td>\\s*<td><span>bs-cuong-" + suffix)
        .contains("Mở hồ sơ khẩn cấp", "Bất tỉnh tại cấp cứu, cần xem thuốc đang dùng");
    assertThat(get(browser, sen.baseUrl() + "/me/access?page=abc").statusCode()).isEqualTo(200);
    assertThat(get(browser, sen.baseUrl() + "/me/access?page=3").body()).contains("← Mới hơn");

    Bundle events = sen.fhirClient().search().byUrl("AuditEvent?patient=" + id).returnBundle(Bundle.class).execute();
    assertThat(events.getEntry()).map(e -> (AuditEvent) e.getResource())
        .as("the page's search is itself in the trail")
        .anySatisfy(e -> assertThat(e.getAgentFirstRep().getWho().getIdentifier().getValue())
            .isEqualTo("bn-an-" + suffix));

    HttpClient staff = sen.signedIn("dd-binh-" + suffix, "nurse password 6");
    assertThat(get(staff, sen.baseUrl() + "/me/access").body()).contains("Trang này dành cho bệnh nhân")
        .doesNotContain(SenServer.Running.TEST_CLIENT);
    assertThat(sen.anonymousGet("/me/access").statusCode()).as("signed-out: to the sign-in page").isEqualTo(302);
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
