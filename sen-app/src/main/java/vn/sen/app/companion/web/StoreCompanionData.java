package vn.sen.app.companion.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.companion.web.CompanionPageException.Problem;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.index.WriteCheck;

/**
 * The default {@link CompanionData}: expected doses from the structured Timing of the patient's active
 * MedicationRequests ({@link TimingExpansion}, Asia/Ho_Chi_Minh), answers as MedicationAdministrations
 * (completed, or not-done with a coded statusReason) carrying the dose's id as identifier, and messages as
 * Communications from the patient or caregiver. Written straight to the store, as the companion does for
 * derived data; who may write is decided by the pages' viewer.
 */
public final class StoreCompanionData implements CompanionData {
  /** Identifier system of the answers: the dose id ({@code MedicationRequestId@yyyy-MM-ddTHH:mm}). */
  public static final String DOSE_ID_SYSTEM = "https://sen.health.vn/fhir/sid/companion-dose";
  /** Extension on MedicationAdministration: the scheduled time of the dose answered. */
  public static final String SCHEDULED_TIME = "https://sen.health.vn/fhir/StructureDefinition/scheduled-dose-time";
  /** Communication.category of messages written on the companion pages. */
  public static final String MESSAGE_CATEGORY = "https://sen.health.vn/fhir/CodeSystem/communication-category";
  public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  /** Taken later than this after its time counts as late. */
  static final Duration GRACE = Duration.ofHours(2);
  static final int MAX_MESSAGE = 2000;
  private static final Pattern DOSE_ID =
      Pattern.compile("([A-Za-z0-9\\-.]{1,64})@(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2})");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm");

  private final CompanionStore reader;
  private final DoseCalendar calendar;
  private final MedicineDescriptions descriptions;
  private final WriteCheck writeCheck;
  private final Clock clock;

  /** @param writeCheck the structural check every write through the API passes; these pass it too */
  StoreCompanionData(CompanionStore reader, WriteCheck writeCheck, Clock clock) {
    this(reader, writeCheck, clock, DoseCalendar.timingOnly(VIETNAM));
  }

  StoreCompanionData(CompanionStore reader, WriteCheck writeCheck, Clock clock, DoseCalendar calendar) {
    this.calendar = calendar;
    this.reader = reader;
    this.descriptions = new MedicineDescriptions(reader);
    this.writeCheck = writeCheck;
    this.clock = clock;
  }

  @Override
  public String displayName(String reference) {
    List<HumanName> names = reader.resolve(Patient.class, reference).map(Patient::getName)
        .or(() -> reader.resolve(RelatedPerson.class, reference).map(RelatedPerson::getName))
        .orElse(List.of());
    for (HumanName n : names) {
      if (n.hasText()) {
        return n.getText();
      }
      // Vietnamese order: family name first, then middle and given names.
      StringBuilder b = new StringBuilder(n.hasFamily() ? n.getFamily() : "");
      for (StringType g : n.getGiven()) {
        b.append(b.isEmpty() ? "" : " ").append(g.getValue());
      }
      if (!b.isEmpty()) {
        return b.toString();
      }
    }
    return "";
  }

  @Override
  public List<Dose> doses(String patientId, LocalDate day) {
    return history(patientId, day, day).getFirst().doses();
  }

  @Override
  public List<DoseDay> history(String patientId, LocalDate from, LocalDate to) {
    List<Planned> planned = new ArrayList<>();
    List<MedicationRequest> requests = activeRequests(patientId);
    Map<String, List<LocalDateTime>> times = calendar.times(patientId, requests, from, to);
    for (MedicationRequest request : requests) {
      MedicineDescriptions.Description d = descriptions.describe(request);
      String instruction = request.hasDosageInstruction()
          ? MedicineDescriptions.instruction(request.getDosageInstructionFirstRep()) : null;
      for (LocalDateTime t : times.getOrDefault(request.getIdPart(), List.of())) {
        if (!t.toLocalDate().isBefore(from) && !t.toLocalDate().isAfter(to)) {
          planned.add(new Planned(request.getIdPart() + "@" + t.toLocalDate() + "T" + t.toLocalTime().format(MINUTES),
              d, instruction, t.withSecond(0).withNano(0)));
        }
      }
    }
    Map<String, MedicationAdministration> answers = answers(patientId, from);
    LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
    Map<LocalDate, List<Dose>> byDay = new LinkedHashMap<>();
    for (LocalDate day = to; !day.isBefore(from); day = day.minusDays(1)) {
      byDay.put(day, new ArrayList<>());
    }
    Map<String, Boolean> seen = new HashMap<>();
    planned.sort(Comparator.comparing(Planned::time).thenComparing(p -> p.description().name()));
    for (Planned p : planned) {
      if (seen.putIfAbsent(p.id(), true) == null) {
        DoseStatus status = status(answers.get(p.id()), p.time(), today);
        byDay.get(p.time().toLocalDate()).add(new Dose(p.id(), p.description().name(), p.description().purpose(),
            p.description().purposeClass(), p.instruction(), p.time(), status));
      }
    }
    List<DoseDay> days = new ArrayList<>();
    byDay.forEach((day, doses) -> days.add(new DoseDay(day, List.copyOf(doses))));
    return days;
  }

  private record Planned(String id, MedicineDescriptions.Description description, @Nullable String instruction,
      LocalDateTime time) {}

  private List<MedicationRequest> activeRequests(String patientId) {
    return reader.search(MedicationRequest.class, "patient=Patient/" + patientId + "&status=active&_count=500");
  }

  /** The latest answer per dose id, for answers given from the day before {@code from} on. */
  private Map<String, MedicationAdministration> answers(String patientId, LocalDate from) {
    Map<String, MedicationAdministration> latest = new HashMap<>();
    List<MedicationAdministration> found = reader.search(MedicationAdministration.class,
        "patient=Patient/" + patientId + "&effective-time=ge" + from.minusDays(1) + "&_count=1000");
    found.sort(Comparator.comparing(a -> a.getMeta().getLastUpdated(), Comparator.nullsFirst(Comparator.naturalOrder())));
    for (MedicationAdministration a : found) {
      String id = doseIdOf(a);
      if (id != null && a.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR) {
        latest.put(id, a);
      }
    }
    return latest;
  }

  private static @Nullable String doseIdOf(MedicationAdministration a) {
    for (Identifier i : a.getIdentifier()) {
      if (DOSE_ID_SYSTEM.equals(i.getSystem())) {
        return i.getValue();
      }
    }
    return null;
  }

  private static DoseStatus status(@Nullable MedicationAdministration answer, LocalDateTime time, LocalDate today) {
    if (answer == null) {
      return time.toLocalDate().isBefore(today) ? DoseStatus.MISSED : DoseStatus.PENDING;
    }
    if (answer.getStatus() == MedicationAdministration.MedicationAdministrationStatus.NOTDONE) {
      return DoseStatus.SKIPPED;
    }
    Date effective = answer.hasEffectiveDateTimeType() ? answer.getEffectiveDateTimeType().getValue() : null;
    boolean late = effective != null
        && effective.toInstant().isAfter(time.atZone(VIETNAM).toInstant().plus(GRACE));
    return late ? DoseStatus.LATE : DoseStatus.TAKEN;
  }

  @Override
  public void answer(Viewer viewer, String doseId, DoseAnswer answer) {
    Matcher m = DOSE_ID.matcher(doseId);
    if (!m.matches()) {
      throw new CompanionPageException(Problem.DOSE_NOT_FOUND);
    }
    LocalDate day;
    try {
      day = LocalDate.parse(m.group(2));
    } catch (DateTimeParseException e) {
      throw new CompanionPageException(Problem.DOSE_NOT_FOUND);
    }
    LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
    // Today's doses, and yesterday's for an evening dose answered after midnight; never the future.
    if (day.isAfter(today) || day.isBefore(today.minusDays(1))) {
      throw new CompanionPageException(Problem.DOSE_NOT_FOUND);
    }
    Dose dose = doses(viewer.patientId(), day).stream().filter(d -> d.id().equals(doseId)).findFirst()
        .orElseThrow(() -> new CompanionPageException(Problem.DOSE_NOT_FOUND));
    MedicationRequest request = reader.read(MedicationRequest.class, m.group(1))
        .orElseThrow(() -> new CompanionPageException(Problem.DOSE_NOT_FOUND));
    switch (answer) {
      case DoseAnswer.NotYet notYet -> {
        // Nothing happened: the dose stays open, and reminders (the schedule module) keep asking.
      }
      case DoseAnswer.Taken taken -> record(viewer, dose, request, null);
      case DoseAnswer.Skipped skipped -> record(viewer, dose, request, skipped.reason());
    }
  }

  private void record(Viewer viewer, Dose dose, MedicationRequest request, @Nullable SkipReason skipped) {
    Instant now = clock.instant();
    MedicationAdministration a = new MedicationAdministration();
    a.addIdentifier().setSystem(DOSE_ID_SYSTEM).setValue(dose.id());
    a.setStatus(skipped == null ? MedicationAdministration.MedicationAdministrationStatus.COMPLETED
        : MedicationAdministration.MedicationAdministrationStatus.NOTDONE);
    if (skipped != null) {
      a.addStatusReason().setText(skipped.display()).addCoding()
          .setSystem(SkipReason.SYSTEM).setCode(skipped.code()).setDisplay(skipped.display());
    }
    a.setMedication(request.getMedication().copy());
    a.setSubject(new Reference("Patient/" + viewer.patientId()));
    a.setRequest(new Reference("MedicationRequest/" + request.getIdPart()));
    a.setEffective(vietnamTime(Date.from(now)));
    a.addPerformer().setActor(new Reference(viewer.actorReference()));
    a.addExtension(SCHEDULED_TIME, vietnamTime(Date.from(dose.time().atZone(VIETNAM).toInstant())));
    checked(a);
    reader.store().inTransaction(tx -> {
      // One answer per dose: a second answer (a double tap, a change of mind) updates the first, so the
      // record keeps one current answer and its earlier versions in history.
      List<ResourceKey> existing = tx.match(reader.searchQuery("MedicationAdministration",
          "identifier=" + DOSE_ID_SYSTEM + "|" + dose.id()), 1);
      if (existing.isEmpty()) {
        return tx.create(a, null);
      }
      a.setId(existing.getFirst().id());
      return tx.update("MedicationAdministration", existing.getFirst().id(), a, null);
    });
  }

  @Override
  public void message(Viewer viewer, String text) {
    String body = text.strip();
    if (body.isEmpty() || body.length() > MAX_MESSAGE) {
      throw new CompanionPageException(Problem.BAD_INPUT);
    }
    Communication c = new Communication();
    c.setStatus(Communication.CommunicationStatus.COMPLETED);
    c.addCategory().addCoding().setSystem(MESSAGE_CATEGORY).setCode("companion-message")
        .setDisplay("Message written on the companion pages");
    c.setSubject(new Reference("Patient/" + viewer.patientId()));
    c.setSender(new Reference(viewer.actorReference()));
    c.setSentElement(vietnamTime(Date.from(clock.instant())));
    c.addPayload().setContent(new StringType(body));
    checked(c);
    reader.store().inTransaction(tx -> tx.create(c, null));
  }

  /** What this adapter builds is valid by construction; a failure here is a defect, not bad input. */
  private void checked(Resource resource) {
    List<String> errors = writeCheck.check(resource).stream().filter(i -> "error".equals(i.severity()))
        .map(i -> i.code() + " at " + i.expression()).toList();
    if (!errors.isEmpty()) {
      // Codes and paths only: the diagnostics could quote what the patient wrote.
      throw new IllegalStateException("the companion built an invalid " + resource.fhirType() + ": " + errors);
    }
  }

  private static DateTimeType vietnamTime(Date at) {
    DateTimeType t = new DateTimeType(at);
    t.setTimeZone(TimeZone.getTimeZone(VIETNAM));
    return t;
  }
}
