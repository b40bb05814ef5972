package vn.sen.app.companion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.companion.reminder.DoseFeed;
import vn.sen.app.companion.schedule.DoseAmount;
import vn.sen.app.companion.schedule.DoseSchedules;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;

/**
 * Reminders' {@link DoseFeed} on the schedule module: the patients with an active prescription, page by
 * page, each one's expected doses computed from their current record ({@link DoseSchedules}). A patient
 * whose schedule cannot be computed is skipped (and counted in the log, never named). (The schedule's
 * dose type is named in full below: DoseFeed has its own {@code ExpectedDose}.)
 */
final class ScheduleDoseFeed implements DoseFeed {
  private static final Logger log = LoggerFactory.getLogger(ScheduleDoseFeed.class);
  private static final int PAGE = 500;

  private final DoseSchedules schedules;
  private final FhirRepository store;
  private final SearchQueryParser parser;

  ScheduleDoseFeed(DoseSchedules schedules, FhirRepository store, SearchQueryParser parser) {
    this.schedules = schedules;
    this.store = store;
    this.parser = parser;
  }

  @Override
  public Stream<DoseFeed.ExpectedDose> expected(Instant from, Instant to) {
    return patientsWithActivePrescriptions().stream().flatMap(patient -> expectedFor(patient, from, to));
  }

  @Override
  public Stream<DoseFeed.ExpectedDose> expectedFor(String patientId, Instant from, Instant to) {
    try {
      return schedules.expectedDoses(patientId, from, to).stream().map(ScheduleDoseFeed::toReminder);
    } catch (FhirException e) {
      log.warn("No reminders for one patient: their schedule could not be computed ({})", e.code());
      return Stream.empty();
    }
  }

  /** The dose as a reminder shows it, in the patient's words: e.g. "1 viên (sáng)". */
  static DoseFeed.ExpectedDose toReminder(vn.sen.app.companion.schedule.ExpectedDose d) {
    String when = d.label().vi();
    String label = d.amount() == null ? when : amount(d.amount()) + " (" + when + ")";
    return new DoseFeed.ExpectedDose(d.patientId(), d.medicationRequestId(), d.due(), label, d.medicationDisplay());
  }

  private static String amount(DoseAmount a) {
    String value = a.low().stripTrailingZeros().toPlainString()
        + (a.high() == null ? "" : "-" + a.high().stripTrailingZeros().toPlainString());
    String unit = a.unit() == null ? "" : switch (a.unit()) {
      case "tab", "cap" -> "viên";
      case "puff" -> "nhát xịt";
      case "drop" -> "giọt";
      case "sachet" -> "gói";
      default -> a.unit();
    };
    return unit.isEmpty() ? value : value + " " + unit;
  }

  /** Ids of the patients with at least one active MedicationRequest. */
  private List<String> patientsWithActivePrescriptions() {
    SearchQuery query = parser.parse("MedicationRequest",
        SearchQueryParser.queryPairs("status=active&_count=" + PAGE), true).query();
    Set<String> patients = new LinkedHashSet<>();
    for (int offset = 0; ; offset += PAGE) {
      SearchResult page = store.search(query.withPage(PAGE, offset));
      for (SearchMatch m : page.entries()) {
        if (!m.include() && !m.resource().deleted() && m.resource().patient() != null) {
          patients.add(m.resource().patient());
        }
      }
      if (!page.hasNext()) {
        return new ArrayList<>(patients);
      }
    }
  }
}
