package vn.sen.app.companion.schedule;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * Asks the prescriber about instructions Sen cannot schedule: one FHIR Task per prescription version,
 * coded {@code companion|sig-review}, focused on the MedicationRequest, owned by its requester. A Task
 * (rather than a Flag or DetectedIssue) because it is work for someone, has a status the care team's
 * worklist follows, and is closed when done. Idempotent: the Task's identifier is the prescription's
 * versioned reference, and it is created only if none exists (a changed prescription gets a new one).
 */
public final class ScheduleFlags {
  /** Sen's code system for the companion's codes. */
  public static final String CODE_SYSTEM = "https://sen.health.vn/fhir/CodeSystem/companion";
  public static final String IDENTIFIER_SYSTEM = "https://sen.health.vn/fhir/sid/companion-sig-review";

  private final FhirRepository store;
  private final SearchQueryParser queries;
  private final Clock clock;

  public ScheduleFlags(FhirRepository store, SearchQueryParser queries, Clock clock) {
    this.store = store;
    this.queries = queries;
    this.clock = clock;
  }

  /** Creates the missing review Tasks, all in one transaction; returns the ids of the Tasks (new or existing). */
  public List<String> flag(String patientId, List<ScheduleProblem> problems) {
    if (problems.isEmpty()) {
      return List.of();
    }
    return store.inTransaction(tx -> {
      List<String> ids = new ArrayList<>();
      for (ScheduleProblem p : problems) {
        String key = "MedicationRequest/" + p.medicationRequestId() + "/_history/" + p.versionId();
        Task task = task(patientId, p, key);
        String query = "identifier=" + URLEncoder.encode(IDENTIFIER_SYSTEM + "|" + key, StandardCharsets.UTF_8);
        WriteResult written = tx.create(task, queries.parseConditional("Task", query));
        ids.add(written.resource().id());
      }
      return ids;
    });
  }

  private Task task(String patientId, ScheduleProblem p, String key) {
    Task task = new Task();
    task.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(key);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setPriority(Task.TaskPriority.ROUTINE);
    task.getCode().addCoding().setSystem(CODE_SYSTEM).setCode("sig-review")
        .setDisplay("Dose instruction needs review");
    task.getCode().setText("Cần xem lại cách dùng thuốc / Dose instruction needs review");
    task.setDescription("Sen không lập được lịch uống thuốc từ hướng dẫn này; xin bác sĩ ghi rõ liều, số lần và "
        + "thời điểm. / Sen could not derive a dose schedule from this instruction; please state the dose, "
        + "frequency and times.");
    task.getReasonCode().setText(p.reason());
    task.setFocus(new Reference("MedicationRequest/" + p.medicationRequestId()));
    task.setFor(new Reference("Patient/" + patientId));
    if (p.requester() != null) {
      task.setOwner(new Reference(p.requester()));
    }
    task.setAuthoredOnElement(new DateTimeType(Date.from(clock.instant())));
    return task;
  }
}
