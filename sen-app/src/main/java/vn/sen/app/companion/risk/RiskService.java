package vn.sen.app.companion.risk;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.companion.worklist.WorklistCodes;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * The risk module's application service: trains on the store, refreshes one patient's or everyone's
 * RiskAssessments with the latest model, and puts Tasks on the care team's worklist for high risk and
 * falling adherence. Writes go through the repository as the system actor, one transaction per patient.
 */
public final class RiskService {
  /** A probability at or above this puts a {@code high-risk} Task on the worklist. */
  static final double HIGH_RISK = 0.7;
  /** Last week's adherence this far below the weeks before, and under 80%, is {@code falling-adherence}. */
  static final double FALLING_BY = 0.2;
  static final String TASK_IDENTIFIER_SYSTEM = "https://sen.health.vn/fhir/sid/companion-task";
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Logger log = LoggerFactory.getLogger(RiskService.class);

  private final FhirRepository repository;
  private final SearchQueryParser parser;
  private final FhirContext fhir;
  private final RiskModelStore models;
  private final Clock clock;
  private final WriteCheck writeCheck;
  private final FeatureExtractor extractor = new FeatureExtractor();

  RiskService(FhirRepository repository, SearchQueryParser parser, FhirContext fhir, RiskModelStore models,
      Clock clock, WriteCheck writeCheck) {
    this.writeCheck = writeCheck;
    this.repository = repository;
    this.parser = parser;
    this.fhir = fhir;
    this.models = models;
    this.clock = clock;
  }

  /** Today in Vietnam: the default day assessments are made as of. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(VIETNAM));
  }

  /** Trains on the store's records, stores the model as a new version and returns what was trained. */
  TrainingOutcome train(@Nullable LocalDate cutOff) {
    LocalDate from = cutOff == null ? null : cutOff.minusDays(FeatureExtractor.WINDOW);
    return train(new StoreRecordSource(repository, parser, fhir).withDosesBetween(from, null), cutOff);
  }

  /** Trains on another source's records (a generated population), storing the model in Sen. */
  TrainingOutcome train(RecordSource source, @Nullable LocalDate cutOff) {
    RiskTrainer.Result result = new RiskTrainer().train(source, cutOff);
    String metrics = MetricsJson.of(result);
    long version = models.save(result.model(), metrics, result.asOf(), result.rows(), clock.instant());
    return new TrainingOutcome(version, result);
  }

  /** A stored model version with its training figures. */
  record TrainingOutcome(long version, RiskTrainer.Result result) {}

  /**
   * Recomputes one patient's RiskAssessments as of {@code asOf} and returns them; a patient without
   * recent companion doses gets none.
   *
   * @throws FhirException NOT_FOUND for an unknown patient, CONFLICT when no model has been trained
   */
  public List<RiskAssessment> refresh(String patientId, LocalDate asOf) {
    RiskModelStore.Stored model = model();
    StoreRecordSource source = new StoreRecordSource(repository, parser, fhir);
    PatientHistory history = source.history(patientId).orElseThrow(() ->
        new FhirException(ErrorCode.NOT_FOUND, "Patient/" + patientId + " is not known"));
    return write(history, asOf, model);
  }

  /** Recomputes every patient's RiskAssessments; returns how many were written. */
  public int refreshAll(LocalDate asOf) {
    RiskModelStore.Stored model = model();
    int[] written = {0};
    new StoreRecordSource(repository, parser, fhir).withDosesBetween(asOf.minusDays(FeatureExtractor.WINDOW), asOf)
        .forEachPatient(h -> written[0] += write(h, asOf, model).size());
    log.info("companion risk refreshed as of {}: {} RiskAssessments (model v{})", asOf, written[0], model.version());
    return written[0];
  }

  /** The latest trained model. */
  RiskModelStore.Stored latestModel() {
    return model();
  }

  private RiskModelStore.Stored model() {
    return models.latest().orElseThrow(() -> new FhirException(ErrorCode.CONFLICT,
        "No non-adherence model has been trained yet: run ./sen companion train"));
  }

  private List<RiskAssessment> write(PatientHistory history, LocalDate asOf, RiskModelStore.Stored model) {
    List<RiskFeatures> rows = extractor.extract(history, asOf);
    if (rows.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    return repository.inTransaction(tx -> {
      List<RiskAssessment> out = new ArrayList<>();
      for (RiskFeatures f : rows) {
        RiskAssessment ra = RiskAssessments.build(f, model.model(), model.version(), now);
        String id = upsert(tx, ra, RiskAssessments.identifierValue(f.patientId(), f.medicineClass()));
        out.add(ra);
        double p = ra.getPredictionFirstRep().getProbabilityDecimalType().getValueAsNumber().doubleValue();
        if (p >= HIGH_RISK) {
          raise(tx, f, id, WorklistCodes.HIGH_RISK, history.managingOrganization(), now, String.format(Locale.ROOT,
              "Nguy cơ không tuân thủ %d%% (nhóm thuốc %s) / Non-adherence risk %d%% (medicine class %s)",
              Math.round(p * 100), f.medicineClass(), Math.round(p * 100), f.medicineClass()));
        }
        if (f.get(Feature.DOSE_TREND) <= -FALLING_BY && f.get(Feature.DOSE_ADHERENCE_7D) < 0.8) {
          raise(tx, f, id, WorklistCodes.FALLING_ADHERENCE, history.managingOrganization(), now, String.format(
              Locale.ROOT, "Tuân thủ 7 ngày qua %d%% (nhóm thuốc %s), đang giảm / Last 7 days' adherence %d%%"
                  + " (medicine class %s), falling", Math.round(f.get(Feature.DOSE_ADHERENCE_7D) * 100),
              f.medicineClass(), Math.round(f.get(Feature.DOSE_ADHERENCE_7D) * 100), f.medicineClass()));
        }
      }
      return out;
    });
  }

  /** Replaces the RiskAssessment with this identifier, or creates it; returns its id. */
  private String upsert(FhirTransaction tx, RiskAssessment ra, String identifier) {
    List<ResourceKey> existing = tx.match(query("RiskAssessment",
        "identifier=" + encode(RiskAssessments.IDENTIFIER_SYSTEM + "|" + identifier)), 2);
    if (existing.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES,
          "Several RiskAssessments carry the identifier of one patient and class");
    }
    checked(ra);
    WriteResult written = existing.isEmpty() ? tx.create(ra, null)
        : tx.update("RiskAssessment", existing.getFirst().id(), ra, null);
    ra.setId(written.resource().id());
    return written.resource().id();
  }

  /** Creates a worklist Task unless one for this patient, class and reason is still open. */
  private void raise(FhirTransaction tx, RiskFeatures f, String riskId, WorklistCodes code,
      @Nullable String organisation, Instant now, String description) {
    String identifier = f.patientId() + "." + f.medicineClass() + "." + code.code();
    List<ResourceKey> open = tx.match(query("Task", "identifier=" + encode(TASK_IDENTIFIER_SYSTEM + "|" + identifier)
        + "&status=requested,received,accepted,ready,in-progress,on-hold"), 1);
    if (!open.isEmpty()) {
      return;
    }
    Task task = new Task();
    task.addIdentifier().setSystem(TASK_IDENTIFIER_SYSTEM).setValue(identifier);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setPriority(Task.TaskPriority.ROUTINE);
    task.setCode(code.concept());
    task.setDescription(description);
    task.setFor(new Reference("Patient/" + f.patientId()));
    task.setFocus(new Reference("RiskAssessment/" + riskId));
    task.setReasonReference(new Reference("RiskAssessment/" + riskId));
    task.setAuthoredOn(java.util.Date.from(now));
    task.setLastModified(java.util.Date.from(now));
    if (organisation != null) {
      task.setOwner(new Reference(organisation));
    }
    tx.create(checked(task), null);
  }

  /** The same check as every client write; a failure here is Sen's bug, and nothing of the patient is written. */
  private <R extends org.hl7.fhir.r4.model.Resource> R checked(R resource) {
    List<vn.sen.fhir.core.Issue> issues = writeCheck.check(resource);
    if (!issues.isEmpty()) {
      throw new FhirException(ErrorCode.INTERNAL, "A companion " + resource.fhirType() + " failed the write check: "
          + issues.getFirst());
    }
    return resource;
  }

  private SearchQuery query(String type, String query) {
    return parser.parseConditional(type, query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
