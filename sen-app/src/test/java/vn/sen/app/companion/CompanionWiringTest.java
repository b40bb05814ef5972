package vn.sen.app.companion;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import vn.sen.app.companion.reminder.ReminderDispatcher;
import vn.sen.app.companion.reminder.ReminderPlanner;
import vn.sen.app.companion.reminder.ReminderPreferenceStore;
import vn.sen.app.companion.reminder.ReminderSettings;
import vn.sen.app.companion.web.CompanionData;
import vn.sen.app.companion.web.CompanionLinks;
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

  @Test
  void anInPageReminderAppearsOnTheCompanionPage(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    String patient = patient(fhir);
    var context = sen.context();
    ReminderPreferenceStore preferences = context.getBean(ReminderPreferenceStore.class);
    preferences.save(preferences.find(patient).withQuietHours(null));
    Instant due = Instant.now().minusSeconds(60);
    DoseFeed one = new DoseFeed() {
      @Override
      public java.util.stream.Stream<ExpectedDose> expected(Instant from, Instant to) {
        return java.util.stream.Stream.of(new ExpectedDose(patient, "mr-page", due, "1 viên (sáng)", "Thuốc nhắc thử"));
      }

      @Override
      public java.util.stream.Stream<ExpectedDose> expectedFor(String patientId, Instant from, Instant to) {
        return expected(from, to);
      }
    };
    new ReminderPlanner(context.getBean(javax.sql.DataSource.class), one, preferences,
        context.getBean(ReminderSettings.class), java.time.Clock.systemUTC()).plan(due.minusSeconds(1), due.plusSeconds(1));
    context.getBean(ReminderDispatcher.class).dispatchDue();

    String link = context.getBean(CompanionLinks.class).issue(patient, null, java.time.Duration.ofMinutes(5)).path();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + link)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Thuốc nhắc thử");
    // taken once: the next visit shows it no more
    HttpResponse<String> again = browser.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/companion"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.body()).doesNotContain("Thuốc nhắc thử");
  }

  private static String patient(IGenericClient fhir) {
    Patient p = new Patient();
    p.addName().setFamily("Đồng Hành").addGiven("Thử");
    return fhir.create().resource(p).execute().getId().getIdPart();
  }
}
