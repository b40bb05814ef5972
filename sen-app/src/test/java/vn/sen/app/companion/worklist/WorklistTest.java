package vn.sen.app.companion.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** The worklist's order, its FHIR operation, and the page's actions over plain HTTP. */
@ExtendWith(SenServer.class)
class WorklistTest {

  @Test
  void theWorklistOrdersByReasonThenPriorityThenAgeAndLeavesOutOthers(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    String org = organisation(fhir, "Trạm y tế xã Thử");
    String otherOrg = organisation(fhir, "Trạm y tế xã Khác");
    String patient = patient(fhir);
    String highRisk = task(fhir, org, patient, WorklistCodes.HIGH_RISK, Task.TaskPriority.ROUTINE, 1, Task.TaskStatus.REQUESTED);
    String sideEffect = task(fhir, org, patient, WorklistCodes.SIDE_EFFECT, Task.TaskPriority.ROUTINE, 5, Task.TaskStatus.ACCEPTED);
    String urgentOld = task(fhir, org, patient, WorklistCodes.URGENT_CHECKIN, Task.TaskPriority.STAT, 9, Task.TaskStatus.REQUESTED);
    String urgentNew = task(fhir, org, patient, WorklistCodes.URGENT_CHECKIN, Task.TaskPriority.STAT, 2, Task.TaskStatus.REQUESTED);
    String urgentLowPriority = task(fhir, org, patient, WorklistCodes.URGENT_CHECKIN, Task.TaskPriority.URGENT, 20, Task.TaskStatus.REQUESTED);
    String outOfStock = task(fhir, org, patient, WorklistCodes.OUT_OF_STOCK, Task.TaskPriority.ROUTINE, 3, Task.TaskStatus.INPROGRESS);
    String falling = task(fhir, org, patient, WorklistCodes.FALLING_ADHERENCE, Task.TaskPriority.ROUTINE, 4, Task.TaskStatus.REQUESTED);
    task(fhir, org, patient, WorklistCodes.SIDE_EFFECT, Task.TaskPriority.ROUTINE, 6, Task.TaskStatus.COMPLETED);
    task(fhir, otherOrg, patient, WorklistCodes.URGENT_CHECKIN, Task.TaskPriority.STAT, 7, Task.TaskStatus.REQUESTED);
    Task uncoded = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
        .setOwner(new Reference(org));
    fhir.create().resource(uncoded).execute();

    Bundle worklist = fhir.operation().onInstance(new IdType(org)).named("$worklist").withNoParameters(Parameters.class)
        .useHttpGet().returnResourceType(Bundle.class).execute();

    assertThat(worklist.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
        .containsExactly(urgentOld, urgentNew, urgentLowPriority, sideEffect, outOfStock, falling, highRisk);
  }

  @Test
  void thePageListsItemsAndItsButtonsAcknowledgeAssignAndClose(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    String org = organisation(fhir, "Trạm y tế phường Trang");
    String patient = patient(fhir);
    String urgent = task(fhir, org, patient, WorklistCodes.URGENT_CHECKIN, Task.TaskPriority.STAT, 1, Task.TaskStatus.REQUESTED);
    String risk = task(fhir, org, patient, WorklistCodes.HIGH_RISK, Task.TaskPriority.ROUTINE, 2, Task.TaskStatus.REQUESTED);
    String user = "worklist-nurse-" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    sen.createUser(user, password, Set.of("nurse"), "Practitioner/" + user, org, null);
    HttpClient nurse = sen.signedIn(user, password);

    HttpResponse<String> page = get(nurse, sen, "/worklist?party=" + org);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Danh sách việc cần làm").contains("Tin nhắn khẩn cấp")
        .contains("/fhir/Patient/" + patient + "/$everything");
    assertThat(taskIdsInPage(page.body())).containsExactly(urgent, risk);
    assertThat(get(nurse, sen, "/worklist?party=" + org + "&lang=en").body()).contains("Care team worklist");
    // the page passes the policy: an administrator has no access to patients' records, so sees no item
    assertThat(taskIdsInPage(sen.get("/worklist?party=" + org).body())).isEmpty();
    String csrf = "&_csrf=" + csrf(page.body());

    assertThat(post(nurse, sen, "/worklist/tasks/" + urgent + "/acknowledge", "party=" + org + csrf).statusCode())
        .isEqualTo(302);
    assertThat(read(fhir, urgent).getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);

    assertThat(post(nurse, sen, "/worklist/tasks/" + urgent + "/assign",
        "party=" + org + "&owner=Practitioner/bs-lan" + csrf).statusCode()).isEqualTo(302);
    Task assigned = read(fhir, urgent);
    assertThat(assigned.getOwner().getReference()).isEqualTo("Practitioner/bs-lan");
    assertThat(assigned.getRequester().getReference()).isEqualTo(org);
    assertThat(taskIdsInPage(get(nurse, sen, "/worklist?party=" + org).body())).containsExactly(urgent, risk);

    assertThat(post(nurse, sen, "/worklist/tasks/" + urgent + "/close", "party=" + org + csrf).statusCode())
        .isEqualTo(302);
    assertThat(read(fhir, urgent).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(read(fhir, urgent).getMeta().getVersionId()).isEqualTo("4");
    assertThat(taskIdsInPage(get(nurse, sen, "/worklist?party=" + org).body())).containsExactly(risk);

    HttpResponse<String> again = post(nurse, sen, "/worklist/tasks/" + urgent + "/close", "party=" + org + csrf);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("Không thực hiện được");
    assertThat(post(nurse, sen, "/worklist/tasks/" + risk + "/assign", "party=" + org + "&owner=nobody" + csrf)
        .statusCode()).isEqualTo(400);
    assertThat(post(nurse, sen, "/worklist/tasks/no-such-task/close", "party=" + org + csrf).statusCode())
        .isEqualTo(404);
    assertThat(get(nurse, sen, "/worklist?party=Patient/" + patient).statusCode()).isEqualTo(400);
    assertThat(read(fhir, risk).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("the page's forms carry a CSRF token").isTrue();
    return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(HttpClient client, SenServer.Running sen, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(sen.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> taskIdsInPage(String html) {
    Matcher m = Pattern.compile("data-task=\"([^\"]+)\"").matcher(html);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static HttpResponse<String> post(HttpClient client, SenServer.Running sen, String path, String form)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(sen.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Task read(IGenericClient fhir, String id) {
    return fhir.read().resource(Task.class).withId(id).execute();
  }

  private static String organisation(IGenericClient fhir, String name) {
    return "Organization/" + fhir.create().resource(new Organization().setName(name)).execute().getId().getIdPart();
  }

  private static String patient(IGenericClient fhir) {
    Patient p = new Patient();
    p.addName().setText("Nguyễn Thị Thử");
    return fhir.create().resource(p).execute().getId().getIdPart();
  }

  private static String task(IGenericClient fhir, String owner, String patient, WorklistCodes code,
      Task.TaskPriority priority, int hoursAgo, Task.TaskStatus status) {
    Task t = new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER).setPriority(priority);
    t.setCode(code.concept());
    t.setFor(new Reference("Patient/" + patient));
    t.setOwner(new Reference(owner));
    t.setAuthoredOn(Date.from(Instant.now().minusSeconds(3600L * hoursAgo)));
    t.setDescription(code.displayVi());
    return fhir.create().resource(t).execute().getId().getIdPart();
  }
}
