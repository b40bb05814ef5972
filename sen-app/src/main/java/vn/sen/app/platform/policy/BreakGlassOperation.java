package vn.sen.app.platform.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import vn.sen.app.platform.policy.AccessRecorder.AccessEvent;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;

/**
 * {@code POST Patient/{id}/$break-glass} with a {@code reason}: a doctor or nurse without a care
 * relationship opens the record in an emergency. Sen writes a Task coded {@code access|break-glass} into
 * the patient's record (so the record shows who opened it, when and why), owned by the patient's managing
 * organisation for review; the Task grants its requester access until the end of its restriction period
 * (default 4 hours). The access is audited with purpose ETREAT and the reason.
 */
public final class BreakGlassOperation implements EdgeOperation {
  private static final int MIN_REASON = 10;

  private final FhirRepository store;
  private final PolicyEnforcingRepository edge;
  private final AccessRecorder recorder;
  private final Clock clock;
  private final Duration lasts;


  /**
   * @param store the unrestricted store (the grant is written by Sen on the user's behalf)
   * @param edge the policy edge (who is asking)
   * @param lasts how long the access lasts
   */
  public BreakGlassOperation(FhirRepository store, PolicyEnforcingRepository edge, AccessRecorder recorder,
      Clock clock, Duration lasts) {
    this.store = store;
    this.edge = edge;
    this.recorder = recorder;
    this.clock = clock;
    this.lasts = lasts;
  }

  @Override
  public String name() {
    return "break-glass";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/Patient-break-glass";
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    AccessSubject s = edge.subject();
    if (!edge.policy().mayBreakGlass(s)) {
      recorder.record(s, new AccessEvent("break-glass", "denied", Set.of(id), List.of("Patient/" + id), null));
      throw AccessPolicy.forbidden();
    }
    Parameters.ParametersParameterComponent reasonParam = input.getParameter("reason");
    String reason = reasonParam == null || reasonParam.getValue() == null ? ""
        : String.valueOf(reasonParam.getValue().primitiveValue()).strip();
    if (reason.length() < MIN_REASON) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "State the emergency: a 'reason' of at least " + MIN_REASON + " characters is required", "Parameters.parameter");
    }
    StoredResource patient = store.read("Patient", id).filter(r -> !r.deleted())
        .orElseThrow(() -> FhirException.notFound("Patient", id));
    Instant now = clock.instant();
    Instant until = now.plus(lasts);
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setPriority(Task.TaskPriority.URGENT);
    task.getCode().addCoding().setSystem(SenCodes.ACCESS).setCode("break-glass").setDisplay("Emergency access");
    // on the managing organisation's worklist, to review
    task.getCode().addCoding().setSystem(SenCodes.WORKLIST).setCode("break-glass-review")
        .setDisplay("Truy cập khẩn cấp cần xem xét");
    task.setDescription("Truy cập khẩn cấp hồ sơ — cần xem xét / Emergency access to the record — to review");
    task.setFor(new Reference("Patient/" + id));
    task.setFocus(new Reference("Patient/" + id));
    task.setRequester(new Reference(s.fhirUser()));
    task.setAuthoredOnElement(new DateTimeType(Date.from(now)));
    task.getRestriction().getPeriod().setStartElement(new DateTimeType(Date.from(now)))
        .setEndElement(new DateTimeType(Date.from(until)));
    task.getReasonCode().setText(reason);
    String managing = managingOrganization(patient);
    if (managing != null) {
      task.setOwner(new Reference(managing));
    }
    WriteResult written = store.inTransaction(tx -> tx.create(task, null));
    recorder.record(s, new AccessEvent("break-glass", "success", Set.of(id),
        List.of("Patient/" + id, "Task/" + written.resource().id()), reason));
    Parameters out = new Parameters();
    out.addParameter().setName("task").setValue(new Reference("Task/" + written.resource().id()));
    out.addParameter().setName("expires").setValue(new InstantType(Date.from(until)));
    return out;
  }

  private @org.jspecify.annotations.Nullable String managingOrganization(StoredResource stored) {
    Patient p = (Patient) ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .parseResource(new String(stored.json(), java.nio.charset.StandardCharsets.UTF_8));
    return p.getManagingOrganization().getReference();
  }
}
