package vn.sen.app.companion.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;

/**
 * Port: when a patient's doses fall, for the pages. The default expands structured FHIR Timing only
 * ({@link TimingExpansion}); the companion's schedule module plugs in as a bean of this type and also reads
 * free-text instructions, tapering and the patient's own dose times.
 */
@FunctionalInterface
public interface DoseCalendar {

  /**
   * The local times (Asia/Ho_Chi_Minh) of each request's doses on the days {@code from} … {@code to}
   * (inclusive), by MedicationRequest id.
   */
  Map<String, List<LocalDateTime>> times(String patientId, List<MedicationRequest> activeRequests, LocalDate from,
      LocalDate to);

  /** Structured Timing only. */
  static DoseCalendar timingOnly(ZoneId zone) {
    return (patientId, requests, from, to) -> {
      Map<String, List<LocalDateTime>> times = new LinkedHashMap<>();
      for (MedicationRequest request : requests) {
        LocalDate anchor = request.getAuthoredOn() == null ? null
            : request.getAuthoredOn().toInstant().atZone(zone).toLocalDate();
        List<LocalDateTime> out = times.computeIfAbsent(request.getIdPart(), k -> new ArrayList<>());
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
          for (Dosage dosage : request.getDosageInstruction()) {
            for (var t : TimingExpansion.times(dosage, day, anchor, zone)) {
              out.add(day.atTime(t));
            }
          }
        }
      }
      return times;
    };
  }
}
