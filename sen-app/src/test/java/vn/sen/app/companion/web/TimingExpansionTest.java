package vn.sen.app.companion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

class TimingExpansionTest {
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate DAY = LocalDate.of(2026, 12, 7); // a Monday

  private static Dosage dosage(java.util.function.Consumer<Timing.TimingRepeatComponent> repeat) {
    Dosage d = new Dosage();
    repeat.accept(d.getTiming().getRepeat());
    return d;
  }

  private static List<LocalTime> times(Dosage d) {
    return TimingExpansion.times(d, DAY, DAY.minusDays(3), VN);
  }

  @Test
  void twiceADayMeansMorningAndEvening() {
    assertThat(times(dosage(r -> r.setFrequency(2).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D))))
        .containsExactly(LocalTime.of(8, 0), LocalTime.of(20, 0));
  }

  @Test
  void whenCodesUseCustomaryTimesAndMealsFollowTheFrequency() {
    assertThat(times(dosage(r -> r.setFrequency(2).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)
        .addWhen(Timing.EventTiming.PC)))).containsExactly(LocalTime.of(7, 30), LocalTime.of(18, 30));
    assertThat(times(dosage(r -> r.setPeriodUnit(Timing.UnitsOfTime.D).addWhen(Timing.EventTiming.MORN)
        .addWhen(Timing.EventTiming.HS)))).containsExactly(LocalTime.of(7, 0), LocalTime.of(21, 0));
  }

  @Test
  void timeOfDayWins() {
    assertThat(times(dosage(r -> r.setFrequency(1).setPeriodUnit(Timing.UnitsOfTime.D).addTimeOfDay("06:45:00")
        .addWhen(Timing.EventTiming.EVE)))).containsExactly(LocalTime.of(6, 45));
  }

  @Test
  void everyEightHours() {
    assertThat(times(dosage(r -> r.setFrequency(1).setPeriod(8).setPeriodUnit(Timing.UnitsOfTime.H))))
        .containsExactly(LocalTime.of(6, 0), LocalTime.of(14, 0), LocalTime.of(22, 0));
  }

  @Test
  void everyOtherDayCountsFromTheStart() {
    Dosage d = dosage(r -> r.setFrequency(1).setPeriod(2).setPeriodUnit(Timing.UnitsOfTime.D));
    assertThat(TimingExpansion.times(d, DAY, DAY.minusDays(2), VN)).hasSize(1);
    assertThat(TimingExpansion.times(d, DAY, DAY.minusDays(3), VN)).isEmpty();
  }

  @Test
  void weekdaysAndBoundsLimitTheDays() {
    assertThat(times(dosage(r -> r.setPeriodUnit(Timing.UnitsOfTime.WK).addDayOfWeek(Timing.DayOfWeek.MON))))
        .containsExactly(LocalTime.of(8, 0));
    assertThat(times(dosage(r -> r.setPeriodUnit(Timing.UnitsOfTime.WK).addDayOfWeek(Timing.DayOfWeek.TUE))))
        .isEmpty();
    Date ended = Date.from(DAY.minusDays(1).atTime(20, 0).atZone(VN).toInstant());
    assertThat(times(dosage(r -> r.setFrequency(1).setPeriodUnit(Timing.UnitsOfTime.D)
        .getBoundsPeriod().setEnd(ended)))).isEmpty();
    assertThat(times(dosage(r -> r.setFrequency(1).setPeriodUnit(Timing.UnitsOfTime.D)
        .setBounds(new org.hl7.fhir.r4.model.Duration().setValue(3).setCode("d"))))).isEmpty();
    assertThat(times(dosage(r -> r.setFrequency(1).setPeriodUnit(Timing.UnitsOfTime.D)
        .setBounds(new org.hl7.fhir.r4.model.Duration().setValue(5).setCode("d"))))).hasSize(1);
  }

  @Test
  void asNeededAndUnstructuredDosesAreNotScheduled() {
    Dosage prn = dosage(r -> r.setFrequency(3).setPeriodUnit(Timing.UnitsOfTime.D));
    prn.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
    assertThat(times(prn)).isEmpty();
    assertThat(times(new Dosage().setText("Uống 1 viên x 2 lần/ngày"))).isEmpty();
  }
}
