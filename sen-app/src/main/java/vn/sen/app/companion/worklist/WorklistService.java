package vn.sen.app.companion.worklist;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;

/**
 * The care team's worklist over FHIR Tasks (https://hl7.org/fhir/R4/task.html): the open Tasks
 * (requested, received, ready, accepted, in progress, on hold) carrying a {@link WorklistCodes} code whose
 * owner or requester is an organisation or care team, ordered by code (urgent check-ins first, then side
 * effects, out of stock, falling adherence, high risk), then priority (stat, asap, urgent, routine), then
 * oldest first. Actions change the Task's status or owner in one transaction; who did it and when is
 * recorded by the store's audit hook like every other write.
 */
public final class WorklistService {
  static final String OPEN = "requested,received,ready,accepted,in-progress,on-hold";
  private static final Set<String> CLOSED = Set.of("completed", "cancelled", "failed", "rejected", "entered-in-error");
  private static final Pattern PARTY =
      Pattern.compile("(Organization|CareTeam|Practitioner|PractitionerRole)/[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern TEAM = Pattern.compile("(Organization|CareTeam)/[A-Za-z0-9\\-.]{1,64}");
  private static final int PAGE = SearchQuery.MAX_COUNT;

  private final FhirRepository repository;
  private final SearchQueryParser parser;
  private final FhirContext fhir;
  private final Clock clock;

  public WorklistService(FhirRepository repository, SearchQueryParser parser, FhirContext fhir, Clock clock) {
    this.repository = repository;
    this.parser = parser;
    this.fhir = fhir;
    this.clock = clock;
  }

  /**
   * The open worklist Tasks of an organisation or care team, in worklist order.
   *
   * @param party {@code Organization/<id>} or {@code CareTeam/<id>}
   */
  public List<WorklistItem> items(String party) {
    if (!TEAM.matcher(party).matches()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "A worklist belongs to an Organization/<id> or CareTeam/<id>", "party");
    }
    String codes = WorklistCodes.inOrder().stream()
        .map(c -> WorklistCodes.SYSTEM + "|" + c.code()).collect(Collectors.joining(","));
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (String role : List.of("owner", "requester")) {
      SearchQuery q = parser.parse("Task", SearchQueryParser.queryPairs(role + "=" + encode(party) + "&status=" + OPEN
          + "&code=" + encode(codes) + "&_count=" + PAGE), true).query();
      for (int offset = 0; ; offset += PAGE) {
        SearchResult page = repository.search(q.withPage(PAGE, offset));
        for (SearchMatch m : page.entries()) {
          if (!m.include() && !m.resource().deleted()) {
            tasks.putIfAbsent(m.resource().id(), (Task) parse(m.resource()));
          }
        }
        if (!page.hasNext()) {
          break;
        }
      }
    }
    Map<String, Optional<String>> names = new LinkedHashMap<>();
    List<WorklistItem> items = new ArrayList<>();
    for (Task t : tasks.values()) {
      Optional<WorklistCodes> code = WorklistCodes.of(t.getCode());
      if (code.isEmpty()) {
        continue;
      }
      String patientId = patientId(t.getFor());
      String name = patientId == null ? null
          : names.computeIfAbsent(patientId, this::patientName).orElse(null);
      items.add(new WorklistItem(t.getIdPart(), code.get(),
          t.hasPriority() ? t.getPriority().toCode() : "routine", t.getStatus().toCode(), patientId, name,
          t.getDescription(), t.hasAuthoredOn() ? t.getAuthoredOn().toInstant() : null,
          t.getOwner().getReference()));
    }
    items.sort(ORDER);
    return items;
  }

  static final Comparator<WorklistItem> ORDER = Comparator
      .comparingInt((WorklistItem i) -> i.code().ordinal())
      .thenComparingInt(i -> priorityRank(i.priority()))
      .thenComparing(i -> i.authoredOn() == null ? java.time.Instant.MAX : i.authoredOn())
      .thenComparing(WorklistItem::taskId);

  private static int priorityRank(String priority) {
    return switch (priority) {
      case "stat" -> 0;
      case "asap" -> 1;
      case "urgent" -> 2;
      default -> 3;
    };
  }

  /** Someone has seen it: requested (or received, ready) becomes accepted; accepted or later stays. */
  public Task acknowledge(String taskId) {
    return change(taskId, t -> {
      if (Set.of("requested", "received", "ready").contains(t.getStatus().toCode())) {
        t.setStatus(TaskStatus.ACCEPTED);
      }
    });
  }

  /**
   * Gives it to a person or team ({@code Practitioner/…}, {@code PractitionerRole/…}, {@code Organization/…},
   * {@code CareTeam/…}); the organisation or team that owned it becomes the requester when there was none,
   * so that it stays on their worklist until closed.
   */
  public Task assign(String taskId, String owner) {
    if (!PARTY.matcher(owner).matches()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "Assign to Practitioner/<id>, PractitionerRole/<id>, Organization/<id> or CareTeam/<id>", "owner");
    }
    return change(taskId, t -> {
      String previous = t.getOwner().getReference();
      if (!t.hasRequester() && previous != null && TEAM.matcher(previous).matches()) {
        t.setRequester(new Reference(previous));
      }
      t.setOwner(new Reference(owner));
      if (Set.of("requested", "received", "ready").contains(t.getStatus().toCode())) {
        t.setStatus(TaskStatus.ACCEPTED);
      }
    });
  }

  /** Done: the Task is completed and leaves the worklist. */
  public Task close(String taskId) {
    return change(taskId, t -> {
      t.setStatus(TaskStatus.COMPLETED);
      t.getExecutionPeriod().setEnd(Date.from(clock.instant()));
    });
  }

  private Task change(String taskId, java.util.function.Consumer<Task> edit) {
    if (!ResourceKey.isValidId(taskId)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "Not a Task id", "task");
    }
    return repository.inTransaction(tx -> {
      StoredResource stored = tx.readForUpdate("Task", taskId).filter(r -> !r.deleted())
          .orElseThrow(() -> FhirException.notFound("Task", taskId));
      Task task = (Task) parse(stored);
      if (WorklistCodes.of(task.getCode()).isEmpty()) {
        throw new FhirException(ErrorCode.CONFLICT, "Task/" + taskId + " is not on the companion worklist");
      }
      if (CLOSED.contains(task.getStatus().toCode())) {
        throw new FhirException(ErrorCode.CONFLICT, "Task/" + taskId + " is already " + task.getStatus().toCode());
      }
      edit.accept(task);
      task.setLastModified(Date.from(clock.instant()));
      tx.update("Task", taskId, task, stored.versionId());
      return task;
    });
  }

  private Optional<String> patientName(String patientId) {
    return repository.read("Patient", patientId).filter(r -> !r.deleted()).map(r -> {
      Patient p = (Patient) parse(r);
      if (!p.hasName()) {
        return null;
      }
      var name = p.getNameFirstRep();
      return name.hasText() ? name.getText() : name.getNameAsSingleString();
    });
  }

  private static @Nullable String patientId(Reference ref) {
    String r = ref.getReference();
    return r != null && r.startsWith("Patient/") ? r.substring("Patient/".length()) : null;
  }

  private Resource parse(StoredResource stored) {
    return (Resource) fhir.newJsonParser().parseResource(new String(stored.json(), StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
