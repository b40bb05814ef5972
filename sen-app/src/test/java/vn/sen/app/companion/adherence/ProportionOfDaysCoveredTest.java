package vn.sen.app.companion.adherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.sen.app.companion.adherence.ProportionOfDaysCovered.Fill;
import vn.sen.app.companion.adherence.ProportionOfDaysCovered.Result;

/** Worked examples of the PQA rules; every expected value is counted by hand in the comment above it. */
class ProportionOfDaysCoveredTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);
  private static final LocalDate JUN_30 = LocalDate.of(2026, 6, 30);

  private static Fill fill(String drug, String date, int days) {
    return new Fill(drug, LocalDate.parse(date), days);
  }

  @Test
  void gapsBetweenFillsAreUncoveredDays() {
    // Jan 1–30 (30) + Feb 15–Mar 16 (30) + Apr 1–Jun 29 (90) + Aug 1–Oct 29 (90) = 240 of 365 days.
    Result r = ProportionOfDaysCovered.of(List.of(fill("losartan", "2026-01-01", 30),
        fill("losartan", "2026-02-15", 30), fill("losartan", "2026-04-01", 90),
        fill("losartan", "2026-08-01", 90)), JAN_1, DEC_31).orElseThrow();

    assertThat(r.daysInPeriod()).isEqualTo(365);
    assertThat(r.daysCovered()).isEqualTo(240);
    assertThat(r.pdc()).isCloseTo(0.6575, within(0.0001));
  }

  @Test
  void anEarlyRefillOfTheSameDrugIsShiftedToStartWhenTheLastSupplyEnds() {
    // Jan 1–30; the Jan 25 refill starts Jan 31 (–Mar 1); the Feb 20 refill starts Mar 2 (–Mar 31):
    // Jan 1–Mar 31 = 90 days covered of Jan 1–Jun 30 = 181. Without shifting only Jan 1–Mar 21 (80).
    Result r = ProportionOfDaysCovered.of(List.of(fill("metformin", "2026-01-01", 30),
        fill("metformin", "2026-01-25", 30), fill("metformin", "2026-02-20", 30)), JAN_1, JUN_30).orElseThrow();

    assertThat(r.daysInPeriod()).isEqualTo(181);
    assertThat(r.daysCovered()).isEqualTo(90);
    assertThat(r.pdc()).isCloseTo(90 / 181.0, within(1e-9));
  }

  @Test
  void differentDrugsOfOneClassAreNotShiftedButCountADayOnce() {
    // Losartan Jan 1–Mar 1 (60 days), perindopril Feb 1–Apr 1 (60 days, overlapping, not shifted):
    // union Jan 1–Apr 1 = 91 days of 181.
    Result r = ProportionOfDaysCovered.of(List.of(fill("losartan", "2026-01-01", 60),
        fill("perindopril", "2026-02-01", 60)), JAN_1, JUN_30).orElseThrow();

    assertThat(r.daysCovered()).isEqualTo(91);
    assertThat(r.pdc()).isCloseTo(0.5028, within(0.0001));
  }

  @Test
  void supplyBeyondTheEndOfThePeriodIsClipped() {
    // Jan 1–Mar 31 (90) + Apr 1–Jul 29 clipped at Jun 30 (91) = 181 of 181: exactly 1, never more.
    Result r = ProportionOfDaysCovered.of(List.of(fill("amlodipine", "2026-01-01", 90),
        fill("amlodipine", "2026-04-01", 120)), JAN_1, JUN_30).orElseThrow();

    assertThat(r.daysCovered()).isEqualTo(181);
    assertThat(r.pdc()).isEqualTo(1.0);
  }

  @Test
  void thePeriodStartsAtTheFirstFillNotAtTheStartOfTheYear() {
    // Index Mar 2; Mar 2–Jun 30 = 121 days; Mar 2–May 30 (90) + Jun 1–Jun 30 (30 of 60) = 120 → 120/121.
    Result r = ProportionOfDaysCovered.of(List.of(fill("atorvastatin", "2026-03-02", 90),
        fill("atorvastatin", "2026-06-01", 60)), JAN_1, JUN_30).orElseThrow();

    assertThat(r.indexDate()).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(r.daysInPeriod()).isEqualTo(121);
    assertThat(r.daysCovered()).isEqualTo(120);
  }

  @Test
  void exactlyEightyPercentCountsAsAdherent() {
    // Jan 1–Apr 10 = 100 days; Jan 1–Feb 9 (40) + Feb 20–Mar 31 (40) = 80 → 0.80, at the threshold.
    Result r = ProportionOfDaysCovered.of(List.of(fill("amlodipine", "2026-01-01", 40),
        fill("amlodipine", "2026-02-20", 40)), JAN_1, LocalDate.of(2026, 4, 10)).orElseThrow();

    assertThat(r.pdc()).isEqualTo(0.80);
    assertThat(r.pdc() >= DrugClasses.threshold("C08CA01")).isTrue();
    assertThat(DrugClasses.threshold("J05AR03")).isEqualTo(0.90);
  }

  @Test
  void aClassIsNotMeasuredWithOneFillOrAShortTreatmentPeriod() {
    assertThat(ProportionOfDaysCovered.of(List.of(fill("a", "2026-01-01", 30)), JAN_1, JUN_30)).isEmpty();
    assertThat(ProportionOfDaysCovered.of(List.of(fill("a", "2026-01-01", 30), fill("a", "2026-01-01", 30)),
        JAN_1, JUN_30)).as("two fills on one date").isEmpty();
    // Index May 1: May 1–Jun 30 is 61 days, under the 91 required.
    assertThat(ProportionOfDaysCovered.of(List.of(fill("a", "2026-05-01", 30), fill("a", "2026-06-01", 30)),
        JAN_1, JUN_30)).isEmpty();
  }

  @Test
  void fillsOutsideThePeriodAreIgnored() {
    // The Dec 2025 fill is before the period: index Jan 10; Jan 10–Jun 30 = 172 days; 30 + 30 covered.
    Result r = ProportionOfDaysCovered.of(List.of(fill("a", "2025-12-20", 90), fill("a", "2026-01-10", 30),
        fill("a", "2026-03-01", 30), fill("a", "2026-07-15", 30)), JAN_1, JUN_30).orElseThrow();

    assertThat(r.daysInPeriod()).isEqualTo(172);
    assertThat(r.daysCovered()).isEqualTo(60);
    assertThat(r.fills()).isEqualTo(2);
  }

  @Test
  void classesFollowPqaGroupsThenAtcLevelFour() {
    assertThat(DrugClasses.of("C09CA01", "Medication/losartan", "Losartan").key()).isEqualTo("pqa-rasa");
    assertThat(DrugClasses.of("C09AA04", "Medication/perindopril", "Perindopril").key()).isEqualTo("pqa-rasa");
    assertThat(DrugClasses.of("A10BB09", "Medication/gliclazide", "Gliclazid").key()).isEqualTo("pqa-diabetes");
    assertThat(DrugClasses.of("C08CA01", "Medication/amlodipine", "Amlodipin").key()).isEqualTo("atc-C08CA");
    assertThat(DrugClasses.of(null, "Medication/x", "X").key()).isEqualTo("med-Medication/x");
  }
}
