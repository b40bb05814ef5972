package vn.sen.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.UUID;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.app.platform.identity.UserAccount;
import vn.sen.app.platform.identity.UserAccounts;

/** The clinician {@code ./sen bench} measures with: a nurse who sees her station's patients and no others. */
@ExtendWith(SenServer.class)
class InProcessSenClinicianTest {

  @Test
  void theBenchNurseSeesThePatientsRegisteredAtHerStationOnly(SenServer.Running sen) {
    IGenericClient system = sen.fhirClient();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String station = put(system, organization("bench-tyt-a-" + run));
    String otherStation = put(system, organization("bench-tyt-b-" + run));
    Practitioner nurse = new Practitioner();
    nurse.setId("bench-yt-" + run);
    nurse.setActive(true);
    String practitioner = "Practitioner/" + system.update().resource(nurse).execute().getId().getIdPart();
    String mine = patientAt(system, station);
    String theirs = patientAt(system, otherStation);
    // the server's context, not closed here (shared by the test run)
    InProcessSen target = new InProcessSen(sen.context());

    Supplier<String> tokens = target.clinicianToken(practitioner, station).orElseThrow();
    String token = tokens.get();
    IGenericClient asNurse = sen.fhirClient(token);

    assertThat(tokens.get()).isEqualTo(token);
    assertThat(asNurse.read().resource(Patient.class).withId(mine).execute().getIdElement().getIdPart())
        .isEqualTo(mine);
    assertThatThrownBy(() -> asNurse.read().resource(Patient.class).withId(theirs).execute())
        .isInstanceOf(ForbiddenOperationException.class);
    UserAccount user = sen.context().getBean(UserAccounts.class).find(InProcessSen.BENCH_CLINICIAN).orElseThrow();
    assertThat(user.roles()).containsExactly("nurse");
    assertThat(user.fhirUser()).isEqualTo(practitioner);
    assertThat(user.organization()).isEqualTo(station);

    // a later run on another station moves the same user there
    IGenericClient moved = sen.fhirClient(target.clinicianToken(practitioner, otherStation).orElseThrow().get());

    assertThat(moved.read().resource(Patient.class).withId(theirs).execute().getIdElement().getIdPart())
        .isEqualTo(theirs);
    assertThatThrownBy(() -> moved.read().resource(Patient.class).withId(mine).execute())
        .isInstanceOf(ForbiddenOperationException.class);
  }

  private static Organization organization(String id) {
    Organization o = new Organization();
    o.setId(id);
    o.setActive(true);
    o.setName("Trạm Y tế (bench test)");
    return o;
  }

  private static String put(IGenericClient system, Organization o) {
    return "Organization/" + system.update().resource(o).execute().getId().getIdPart();
  }

  private static String patientAt(IGenericClient system, String station) {
    Patient p = new Patient();
    p.addName().setText("Bệnh nhân Thử");
    p.setManagingOrganization(new Reference(station));
    return system.create().resource(p).execute().getId().getIdPart();
  }
}
