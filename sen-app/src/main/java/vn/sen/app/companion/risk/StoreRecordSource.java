package vn.sen.app.companion.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;

/**
 * Reads patients' records through the {@link FhirRepository} port, one patient at a time: the
 * medication and condition resources of the patient's compartment, inpatient stays, the household-size
 * observation, and side-effect Tasks. Runs as the system actor (the companion's own work).
 */
final class StoreRecordSource implements RecordSource {
  private static final String COMPARTMENT_TYPES =
      "Condition,MedicationRequest,MedicationDispense,MedicationAdministration,AdverseEvent";
  private static final int PAGE = SearchQuery.MAX_COUNT;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FhirRepository repository;
  private final SearchQueryParser parser;
  private final FhirContext fhir;
  private final MedicineClasses classes;

  StoreRecordSource(FhirRepository repository, SearchQueryParser parser, FhirContext fhir) {
    this.repository = repository;
    this.parser = parser;
    this.fhir = fhir;
    this.classes = new MedicineClasses(id -> repository.read("Medication", id)
        .filter(r -> !r.deleted()).map(r -> (Medication) parse(r)));
  }

  @Override
  public void forEachPatient(Consumer<PatientHistory> consumer) {
    List<String> ids = new ArrayList<>();
    pages(query("Patient", ""), stored -> ids.add(stored.id()));
    for (String id : ids) {
      history(id).ifPresent(consumer);
    }
  }

  /**
   * The patients with a dose recorded between {@code from} and {@code to} (either open), found from the
   * MedicationAdministrations rather than by reading every patient: most patients have none.
   */
  RecordSource withDosesBetween(@Nullable LocalDate from, @Nullable LocalDate to) {
    return consumer -> {
      StringBuilder criteria = new StringBuilder();
      // A day's margin each side: the search reads dates without a zone as UTC, the record writes +07:00.
      if (from != null) {
        criteria.append("effective-time=ge").append(from.minusDays(1));
      }
      if (to != null) {
        criteria.append(criteria.isEmpty() ? "" : "&").append("effective-time=lt").append(to.plusDays(1));
      }
      Set<String> ids = new LinkedHashSet<>();
      pages(query("MedicationAdministration", criteria.toString()), stored -> {
        String ref = subjectReference(stored);
        if (ref != null && ref.startsWith("Patient/")) {
          ids.add(ref.substring("Patient/".length()));
        }
      });
      for (String id : ids) {
        history(id).ifPresent(consumer);
      }
    };
  }

  private static @Nullable String subjectReference(StoredResource stored) {
    try {
      JsonNode ref = JSON.readTree(stored.json()).path("subject").path("reference");
      return ref.isTextual() ? ref.asText() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("stored " + stored.key() + " is not JSON", e);
    }
  }

  /** One patient's history; empty when there is no such patient. */
  Optional<PatientHistory> history(String patientId) {
    Optional<StoredResource> patient = repository.read("Patient", patientId).filter(r -> !r.deleted());
    if (patient.isEmpty()) {
      return Optional.empty();
    }
    HistoryBuilder builder = new HistoryBuilder(patientId, classes);
    builder.add(parse(patient.get()));
    ResourceKey key = new ResourceKey("Patient", patientId);
    each(parser.inCompartment(query(null, "_type=" + COMPARTMENT_TYPES), key), builder);
    String subject = "Patient/" + patientId;
    each(query("Encounter", "subject=" + subject + "&class=IMP"), builder);
    each(query("Observation", "subject=" + subject + "&code=http://loinc.org%7C" + HistoryBuilder.HOUSEHOLD_SIZE),
        builder);
    each(query("Task", "subject=" + subject + "&code="
        + vn.sen.app.companion.worklist.WorklistCodes.SYSTEM + "%7C"
        + vn.sen.app.companion.worklist.WorklistCodes.SIDE_EFFECT.code()), builder);
    return Optional.of(builder.history());
  }

  private SearchQuery query(String type, String query) {
    String sep = query.isEmpty() ? "" : "&";
    return parser.parse(type, SearchQueryParser.queryPairs(query + sep + "_count=" + PAGE), true).query();
  }

  private void each(SearchQuery query, HistoryBuilder builder) {
    pages(query, stored -> builder.add(parse(stored)));
  }

  /** Every current match of a search, page by page. */
  private void pages(SearchQuery query, Consumer<StoredResource> sink) {
    for (int offset = 0; ; offset += PAGE) {
      SearchResult page = repository.search(query.withPage(PAGE, offset));
      for (SearchMatch m : page.entries()) {
        if (!m.include() && !m.resource().deleted()) {
          sink.accept(m.resource());
        }
      }
      if (!page.hasNext()) {
        return;
      }
    }
  }

  private Resource parse(StoredResource stored) {
    IParser json = fhir.newJsonParser();
    return (Resource) json.parseResource(new String(stored.json(), StandardCharsets.UTF_8));
  }
}
