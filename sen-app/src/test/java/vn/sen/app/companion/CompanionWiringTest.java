package vn.sen.app.companion;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.app.companion.reminder.DoseFeed;
import vn.sen.app.companion.reminder.ReminderPreferenceStore;
import vn.sen.app.companion.web.CompanionData;
import vn.sen.app.companion.web.Dose;

/** The companion's parts meet: reminders read the schedule module's doses; "stop reminders" stops them. */
@ExtendWith(SenServer.class)
class CompanionWiringTest {

  @Test
  void remindersTakeTheirDosesFromThePrescriptionsSchedule(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    String patient = patient(fhir);
    MedicationRequest mr = new MedicationRequest();
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.getMedicationCodeableConcept().setText("Amlodipin 5 mg");
    mr.setSubject(new Reference("Patient/" + patient));
    mr.addDosageInstruction().setText("Uống 1 viên x 2 lần/ngày, sáng - tối, sau ăn");
    String mrId = fhir.create().resource(mr).execute().getId().getIdPart();

    DoseFeed feed = sen.context().getBean(DoseFeed.class);
    Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Instant to = from.plus(2, ChronoUnit.DAYS);
    List<DoseFeed.ExpectedDose> doses;
    try (var stream = feed.expectedFor(patient, from, to)) {
      doses = stream.toList();
    }
    assertThat(doses).hasSize(4).allSatisfy(d -> {
      assertThat(d.medicationRequestId()).isEqualTo(mrId);
      assertThat(d.medication()).isEqualTo("Amlodipin 5 mg");
      assertThat(d.doseLabel()).matches("1 viên \\((sáng|tối)\\)");
    });
    try (var all = feed.expected(from, to)) {
      assertThat(all.filter(d -> d.patientId().equals(patient)).count()).isEqualTo(4);
    }

    // the pages show the same doses, read from the free text
    List<Dose> today = sen.context().getBean(CompanionData.class)
        .doses(patient, LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")));
    assertThat(today).hasSize(2).allSatisfy(d -> assertThat(d.medicine()).isEqualTo("Amlodipin 5 mg"));
  }

  @Test
  void aCheckinAskingToStopRemindersStopsThemAtOnce(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    String patient = patient(fhir);
    ReminderPreferenceStore reminders = sen.context().getBean(ReminderPreferenceStore.class);
    assertThat(reminders.find(patient).stopped()).isFalse();

    Parameters in = new Parameters();
    in.addParameter().setName("text").setValue(new StringType("đừng nhắc tôi nữa"));
    Parameters out = fhir.operation().onInstance(new IdType("Patient", patient)).named("$checkin")
        .withParameters(in).execute();

    assertThat(out.getParameter("intent").getValue().primitiveValue()).isEqualTo("stop-reminders");
    assertThat(reminders.find(patient).stopped()).isTrue();
  }

  private static String patient(IGenericClient fhir) {
    Patient p = new Patient();
    p.addName().setFamily("Đồng Hành").addGiven("Thử");
    return fhir.create().resource(p).execute().getId().getIdPart();
  }
}
