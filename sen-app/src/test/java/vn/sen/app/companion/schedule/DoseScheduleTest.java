package vn.sen.app.companion.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.schedule.PatientResources.Versioned;

/** Expected doses from MedicationRequests: Timing variants, tapering, bounds, time zone, overrides, status. */
class DoseScheduleTest {
  private static final ZoneId VN = DoseSchedules.VIETNAM;
  private final SigParser parser = new SigParser();

  // ---- builders ------------------------------------------------------------------------------------

  static MedicationRequest request(String id, String authoredOn, Dosage... dosages) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId("MedicationRequest/" + id);
    mr.setStatus(MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequestIntent.ORDER);
    mr.setMedication(new Reference("Medication/med-metformin").setDisplay("Metformin 850 mg"));
    mr.setSubject(new Reference("Patient/p1"));
    mr.setRequester(new Reference("Practitioner/dr1"));
    mr.setAuthoredOnElement(new DateTimeType(authoredOn));
    for (Dosage d : dosages) {
      mr.addDosageInstruction(d);
    }
    return mr;
  }

  static Dosage timing(int frequency, int period, UnitsOfTime unit, EventTiming... when) {
    Dosage d = new Dosage();
    Timing.TimingRepeatComponent r = d.getTiming().getRepeat();
    r.setFrequency(frequency).setPeriod(period).setPeriodUnit(unit);
    Arrays.stream(when).forEach(r::addWhen);
    d.addDoseAndRate().setDose(new Quantity().setValue(1).setUnit("viên").setSystem("http://unitsofmeasure.org")
        .setCode("{tbl}"));
    return d;
  }

  static Dosage text(String instruction) {
    return new Dosage().setText(instruction);
  }

  private PatientSchedule schedule(Patient patient, String from, String to, MedicationRequest... requests) {
    List<Versioned<MedicationRequest>> versioned = Arrays.stream(requests).map(r -> new Versioned<>(r, 1L)).toList();
    return DoseSchedules.compute("p1", patient, versioned, parser, VN, Instant.parse(from), Instant.parse(to));
  }

  private PatientSchedule schedule(String from, String to, MedicationRequest... requests) {
    return schedule(new Patient(), from, to, requests);
  }

  private static List<String> dues(PatientSchedule s) {
    return s.doses().stream().map(d -> d.due().toString()).toList();
  }

  // ---- structured Timing ---------------------------------------------------------------------------

  @Test
  void twiceDailyAfterMealsIsAfterBreakfastAndAfterDinnerInVietnamTime() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
        request("a", "2026-03-01", timing(2, 1, UnitsOfTime.D, EventTiming.PCM, EventTiming.PCV)));

    // 07:30 and 19:00 in Hà Nội are 00:30 and 12:00 UTC.
    assertThat(dues(s)).containsExactly("2026-03-02T00:30:00Z", "2026-03-02T12:00:00Z");
    assertThat(s.doses()).extracting(ExpectedDose::label).containsExactly(DoseLabel.MORNING, DoseLabel.EVENING);
    assertThat(s.doses()).extracting(ExpectedDose::when).containsExactly("PCM", "PCV");
    assertThat(s.doses().get(0).amount()).isEqualTo(DoseAmount.of(BigDecimal.ONE, "tab"));
    assertThat(s.doses().get(0).medicationRequestId()).isEqualTo("a");
    assertThat(s.doses().get(0).medication()).isEqualTo("Medication/med-metformin");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void freeTextWithoutTimingGivesTheSameDosesAsTheStructuredTiming() {
    PatientSchedule structured = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z",
        request("a", "2026-03-01", timing(2, 1, UnitsOfTime.D, EventTiming.PCM, EventTiming.PCV)));
    PatientSchedule fromText = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z",
        request("a", "2026-03-01", text("Uống 1 viên x 2 lần/ngày, sáng - tối, sau ăn")));

    assertThat(fromText.doses()).hasSize(14).isEqualTo(structured.doses());
  }

  @Test
  void frequencyWithoutTimesUsesTheUsualSpread() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
        request("a", "2026-03-01", timing(3, 1, UnitsOfTime.D)));

    assertThat(s.doses()).extracting(ExpectedDose::label)
        .containsExactly(DoseLabel.MORNING, DoseLabel.NOON, DoseLabel.EVENING);
  }

  @Test
  void weeklyDoseFallsOnTheWeekdayItStarted() {
    // 2026-03-02 is a Monday.
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z",
        request("a", "2026-03-02", timing(1, 1, UnitsOfTime.WK, EventTiming.ACM)));

    assertThat(dues(s)).containsExactly("2026-03-01T23:30:00Z", "2026-03-08T23:30:00Z", "2026-03-15T23:30:00Z",
        "2026-03-22T23:30:00Z", "2026-03-29T23:30:00Z");
    assertThat(s.doses()).allSatisfy(d ->
        assertThat(d.due().atZone(VN).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY));
  }

  @Test
  void daysOfWeekAndTimesOfDayAreKept() {
    Dosage d = new Dosage();
    d.getTiming().getRepeat().setFrequency(1).setPeriod(1).setPeriodUnit(UnitsOfTime.D)
        .addDayOfWeek(Timing.DayOfWeek.MON).addDayOfWeek(Timing.DayOfWeek.FRI).addTimeOfDay("20:00:00");
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", request("a", "2026-03-01", d));

    assertThat(dues(s)).containsExactly("2026-03-02T13:00:00Z", "2026-03-06T13:00:00Z");
    assertThat(s.doses()).extracting(ExpectedDose::label).containsOnly(DoseLabel.EVENING);
  }

  @Test
  void everyEightHoursStartsInTheMorning() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-02T17:00:00Z",
        request("a", "2026-03-01", text("Uống 1 viên mỗi 8 giờ")));

    // 07:00, 15:00, 23:00 local.
    assertThat(dues(s)).containsExactly("2026-03-02T00:00:00Z", "2026-03-02T08:00:00Z", "2026-03-02T16:00:00Z");
  }

  @Test
  void everyOtherDayCountsFromTheStart() {
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z",
        request("a", "2026-03-01", text("Uống 1 viên cách ngày, buổi sáng")));

    assertThat(s.doses()).extracting(d -> d.due().atZone(VN).getDayOfMonth()).containsExactly(1, 3, 5, 7);
  }

  // ---- bounds and tapering -------------------------------------------------------------------------

  @Test
  void boundsDurationEndsTheCourse() {
    Dosage d = timing(1, 1, UnitsOfTime.D, EventTiming.MORN);
    d.getTiming().getRepeat().setBounds(new Duration().setValue(5).setUnit("d").setCode("d")
        .setSystem("http://unitsofmeasure.org"));
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", request("a", "2026-03-10", d));

    assertThat(s.doses()).extracting(x -> x.due().atZone(VN).getDayOfMonth()).containsExactly(10, 11, 12, 13, 14);
  }

  @Test
  void boundsPeriodStartsAndEndsTheCourse() {
    Dosage d = timing(1, 1, UnitsOfTime.D, EventTiming.HS);
    d.getTiming().getRepeat().setBounds(new Period().setStartElement(new DateTimeType("2026-03-05"))
        .setEndElement(new DateTimeType("2026-03-08")));
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", request("a", "2026-03-01", d));

    assertThat(s.doses()).extracting(x -> x.due().atZone(VN).getDayOfMonth()).containsExactly(5, 6, 7);
    assertThat(s.doses()).extracting(ExpectedDose::label).containsOnly(DoseLabel.NIGHT);
  }

  @Test
  void countLimitsTheNumberOfDoses() {
    Dosage d = timing(2, 1, UnitsOfTime.D, EventTiming.MORN, EventTiming.EVE);
    d.getTiming().getRepeat().setCount(3);
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", request("a", "2026-03-01", d));

    assertThat(s.doses()).hasSize(3);
    PatientSchedule later = schedule("2026-03-02T06:00:00Z", "2026-04-01T00:00:00Z", request("a", "2026-03-01", d));
    assertThat(later.doses()).as("the count runs from the start, not from the range asked").isEmpty();
  }

  @Test
  void taperingBySequenceChangesTheDoseAfterTheFirstWeek() {
    Dosage first = timing(1, 1, UnitsOfTime.D, EventTiming.MORN).setSequence(1);
    first.getDoseAndRateFirstRep().setDose(new Quantity().setValue(2).setCode("{tbl}"));
    first.getTiming().getRepeat().setBounds(new Duration().setValue(1).setCode("wk"));
    Dosage then = timing(1, 1, UnitsOfTime.D, EventTiming.MORN).setSequence(2);
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z",
        request("a", "2026-03-01", first, then));

    assertThat(s.doses()).hasSize(10);
    assertThat(s.doses().subList(0, 7)).extracting(x -> x.amount().low().intValue()).containsOnly(2);
    assertThat(s.doses().subList(7, 10)).extracting(x -> x.amount().low().intValue()).containsOnly(1);
  }

  @Test
  void taperingInFreeTextIsLaidOutTheSameWay() {
    PatientSchedule s = schedule("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z",
        request("a", "2026-03-01", text("Tuần đầu 2 viên, sau đó 1 viên")));

    assertThat(s.doses()).extracting(x -> x.amount().compact())
        .containsExactly("2tab", "2tab", "2tab", "2tab", "2tab", "2tab", "2tab", "1tab", "1tab", "1tab");
  }

  @Test
  void dosagesWithTheSameSequenceAreTakenTogether() {
    Dosage morning = timing(1, 1, UnitsOfTime.D, EventTiming.MORN).setSequence(1);
    morning.getDoseAndRateFirstRep().setDose(new Quantity().setValue(2).setCode("{tbl}"));
    Dosage evening = timing(1, 1, UnitsOfTime.D, EventTiming.EVE).setSequence(1);
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
        request("a", "2026-03-01", morning, evening));

    assertThat(s.doses()).extracting(x -> x.label() + " " + x.amount().compact())
        .containsExactly("MORNING 2tab", "EVENING 1tab");
  }

  @Test
  void nothingIsExpectedBeforeTheMomentItWasPrescribed() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
        request("a", "2026-03-02T10:00:00+07:00", timing(2, 1, UnitsOfTime.D, EventTiming.MORN, EventTiming.EVE)));

    assertThat(s.doses()).extracting(ExpectedDose::label).containsExactly(DoseLabel.EVENING);
  }

  // ---- time zone and patients' own times -----------------------------------------------------------

  @Test
  void vietnamHasNoDaylightSavingSoMorningIsTheSameInstantAllYear() {
    PatientSchedule s = schedule("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
        request("a", "2025-12-31", timing(1, 1, UnitsOfTime.D, EventTiming.MORN)));

    assertThat(s.doses()).hasSize(365);
    assertThat(s.doses()).allSatisfy(d -> assertThat(d.due().toString()).endsWith("T00:00:00Z"));
  }

  @Test
  void aPatientsOwnMorningTimeMovesTheMorningDoses() {
    Patient early = new Patient();
    early.addExtension(DoseTimes.extension("MORN", LocalTime.of(6, 0)));
    early.addExtension(DoseTimes.extension("CV", LocalTime.of(17, 30)));
    PatientSchedule s = schedule(early, "2026-03-01T20:00:00Z", "2026-03-02T20:00:00Z",
        request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN)),
        request("b", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.PCV)));

    // 06:00 local is 23:00 UTC the day before; dinner at 17:30 puts "after dinner" at 18:00 local.
    assertThat(dues(s)).containsExactly("2026-03-01T23:00:00Z", "2026-03-02T11:00:00Z");
  }

  @Test
  void anotherTimeZoneCanBeConfigured() {
    List<Versioned<MedicationRequest>> one = List.of(new Versioned<>(
        request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN)), 1L));
    PatientSchedule s = DoseSchedules.compute("p1", null, one, parser, ZoneId.of("Asia/Tokyo"),
        Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));

    assertThat(dues(s)).containsExactly("2026-03-02T22:00:00Z");
  }

  // ---- status, intent, as needed, not understood ---------------------------------------------------

  @Test
  void onlyActiveOrdersHaveDoses() {
    for (MedicationRequestStatus status : List.of(MedicationRequestStatus.ONHOLD, MedicationRequestStatus.STOPPED,
        MedicationRequestStatus.COMPLETED, MedicationRequestStatus.CANCELLED, MedicationRequestStatus.DRAFT,
        MedicationRequestStatus.ENTEREDINERROR)) {
      MedicationRequest mr = request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
      mr.setStatus(status);
      PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", mr);
      assertThat(s.doses()).as(status.toCode()).isEmpty();
      assertThat(s.problems()).isEmpty();
    }
    MedicationRequest proposal = request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
    proposal.setIntent(MedicationRequestIntent.PROPOSAL);
    assertThat(schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", proposal).doses()).isEmpty();
    MedicationRequest plan = request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
    plan.setIntent(MedicationRequestIntent.PLAN);
    assertThat(schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", plan).doses()).hasSize(7);
  }

  @Test
  void pausingAPrescriptionRemovesItsDosesFromTheNextComputation() {
    MedicationRequest mr = request("a", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
    assertThat(schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", mr).doses()).hasSize(1);

    mr.setStatus(MedicationRequestStatus.ONHOLD);
    assertThat(schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", mr).doses()).isEmpty();

    mr.setStatus(MedicationRequestStatus.ACTIVE);
    mr.getDosageInstructionFirstRep().getTiming().getRepeat().setFrequency(2).addWhen(EventTiming.EVE);
    assertThat(schedule("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", mr).doses()).hasSize(2);
  }

  @Test
  void asNeededMedicinesHaveNoExpectedDosesAndNoProblem() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z",
        request("a", "2026-03-01", text("Uống 1 viên khi đau, tối đa 4 viên/ngày")));

    assertThat(s.doses()).isEmpty();
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void anInstructionItCannotReadIsAProblemForThePrescriberNotAGuess() {
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z",
        request("a", "2026-03-01", text("Uống theo chỉ dẫn")),
        request("b", "2026-03-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN)));

    assertThat(s.doses()).extracting(ExpectedDose::medicationRequestId).containsOnly("b");
    assertThat(s.problems()).singleElement().satisfies(p -> {
      assertThat(p.medicationRequestId()).isEqualTo("a");
      assertThat(p.requester()).isEqualTo("Practitioner/dr1");
      assertThat(p.reason()).contains("unknown word");
    });
  }

  @Test
  void shapesACalendarCannotHoldAreProblemsToo() {
    Dosage twiceAWeek = timing(2, 1, UnitsOfTime.WK);
    Dosage everyMinute = timing(1, 1, UnitsOfTime.MIN);
    Dosage onceButTwoTimes = timing(1, 1, UnitsOfTime.D, EventTiming.MORN, EventTiming.EVE);
    PatientSchedule s = schedule("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z",
        request("a", "2026-03-01", twiceAWeek), request("b", "2026-03-01", everyMinute),
        request("c", "2026-03-01"), request("d", "2026-03-01", onceButTwoTimes));

    assertThat(s.doses()).isEmpty();
    assertThat(s.problems()).extracting(ScheduleProblem::medicationRequestId).containsExactly("a", "b", "c", "d");
  }

  @Test
  void overridesOnlyAcceptKnownCodes() {
    assertThat(DoseTimes.with(Map.of("MORN", LocalTime.of(5, 30))).of("MORN", null)).isEqualTo(LocalTime.of(5, 30));
    assertThat(DoseTimes.defaults().of("ACM", 15)).isEqualTo(LocalTime.of(6, 45));
  }

  @Test
  void forPastWeeksACompletedPrescriptionCountsUntilTheEndOfItsValidity() {
    MedicationRequest old = request("old", "2026-02-01", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
    old.setStatus(MedicationRequestStatus.COMPLETED);
    old.getDispenseRequest().getValidityPeriod().setStartElement(new DateTimeType("2026-02-01"))
        .setEndElement(new DateTimeType("2026-03-03"));
    MedicationRequest renewed = request("new", "2026-03-04", timing(1, 1, UnitsOfTime.D, EventTiming.MORN));
    List<Versioned<MedicationRequest>> both = List.of(new Versioned<>(old, 1L), new Versioned<>(renewed, 1L));
    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    Instant to = Instant.parse("2026-03-06T00:00:00Z");

    PatientSchedule past = DoseSchedules.compute("p1", null, both, parser, VN, from, to, true);
    PatientSchedule now = DoseSchedules.compute("p1", null, both, parser, VN, from, to, false);

    assertThat(past.doses()).extracting(ExpectedDose::medicationRequestId)
        .containsExactly("old", "old", "old", "new", "new");
    assertThat(now.doses()).extracting(ExpectedDose::medicationRequestId).containsExactly("new", "new");
  }
}
