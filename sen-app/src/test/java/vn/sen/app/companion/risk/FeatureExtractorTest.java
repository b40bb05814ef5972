package vn.sen.app.companion.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 9, 30);
  private final FeatureExtractor extractor = new FeatureExtractor();

  @Test
  void doseAdherenceTrendAndRefillsComeFromTheRecordedDosesAndDispenses() {
    // Every dose taken for 23 days, then only the morning dose in the last 7 days.
    HandBuiltRecord record = new HandBuiltRecord("p1", AS_OF)
        .patient(LocalDate.of(1942, 5, 1), true, "Organization/tram-1")
        .prescription("rx1", 20)
        .doses("rx1", (day, dose) -> day < 23 || dose == 0);

    List<RiskFeatures> rows = extractor.extract(record.history(), AS_OF);

    assertThat(rows).singleElement().satisfies(f -> {
      assertThat(f.medicineClass()).isEqualTo("C09A");
      assertThat(f.prescriptionIds()).containsExactly("rx1");
      assertThat(f.get(Feature.DOSE_ADHERENCE_30D)).isCloseTo(53.0 / 60, within(1e-9));
      assertThat(f.get(Feature.DOSE_ADHERENCE_7D)).isCloseTo(0.5, within(1e-9));
      assertThat(f.get(Feature.DOSE_TREND)).isCloseTo(-0.5, within(1e-9));
      assertThat(f.get(Feature.DAILY_DOSES)).isEqualTo(2);
      assertThat(f.get(Feature.MEDICINES)).isEqualTo(1);
      // Last fill 20 days ago for 30 days: still covered, no gap; fills every 30 days cover every day.
      assertThat(f.get(Feature.SUPPLY_GAP)).isZero();
      assertThat(f.get(Feature.PDC_180D)).isCloseTo(1.0, within(1e-9));
      assertThat(f.get(Feature.AGE)).isCloseTo(84.4, within(0.1));
      assertThat(f.get(Feature.AGE_80_PLUS)).isEqualTo(1);
      assertThat(f.get(Feature.UNINSURED)).isZero();
      assertThat(f.get(Feature.DEPRESSION)).isZero();
      assertThat(f.get(Feature.LIVES_ALONE)).isZero();
      assertThat(f.get(Feature.RECENT_DISCHARGE)).isZero();
    });
  }

  @Test
  void aRunOutSupplyDepressionLivingAloneDischargeAndNoInsuranceAreSeen() {
    // Last 30-day fill 50 days ago: supply ran out 20 days ago.
    HandBuiltRecord record = new HandBuiltRecord("p2", AS_OF)
        .patient(LocalDate.of(1980, 1, 1), false, "Organization/tram-1")
        .prescription("rx2", 50)
        .doses("rx2", (day, dose) -> day < 10)
        .depression()
        .livesAlone()
        .dischargedDaysAgo(12);

    RiskFeatures f = extractor.extract(record.history(), AS_OF).getFirst();

    assertThat(f.get(Feature.SUPPLY_GAP)).isEqualTo(20);
    assertThat(f.get(Feature.PDC_180D)).isLessThan(0.9);
    assertThat(f.get(Feature.DOSE_ADHERENCE_30D)).isCloseTo(20.0 / 60, within(1e-9));
    assertThat(f.get(Feature.DEPRESSION)).isEqualTo(1);
    assertThat(f.get(Feature.LIVES_ALONE)).isEqualTo(1);
    assertThat(f.get(Feature.RECENT_DISCHARGE)).isEqualTo(1);
    assertThat(f.get(Feature.UNINSURED)).isEqualTo(1);
    assertThat(f.get(Feature.AGE_UNDER_50)).isEqualTo(1);
  }

  @Test
  void aPatientWithoutRecordedDosesIsNotScored() {
    HandBuiltRecord record = new HandBuiltRecord("p3", AS_OF)
        .patient(LocalDate.of(1950, 1, 1), true, "Organization/tram-1")
        .prescription("rx3", 10);

    assertThat(extractor.extract(record.history(), AS_OF)).isEmpty();
  }

  @Test
  void aucCountsTiesAsHalfAndBrierIsTheMeanSquaredError() {
    Metrics m = Metrics.of(new double[] {0.9, 0.8, 0.8, 0.1}, new boolean[] {true, true, false, false});

    assertThat(m.auc()).isCloseTo(0.875, within(1e-9));
    assertThat(m.brier()).isCloseTo((0.01 + 0.04 + 0.64 + 0.01) / 4, within(1e-9));
    assertThat(m.reliability()).extracting(Metrics.Bin::rows).containsExactly(1, 2, 1);
  }
}
