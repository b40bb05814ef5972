package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsAreTenThousandPatientsOneAndEightClientsThirtySeconds() {
    BenchOptions o = BenchOptions.parse(List.of());

    assertThat(o.patients()).isEqualTo(10_000);
    assertThat(o.clients()).containsExactly(1, 8);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.url()).isNull();
    assertThat(o.populationDir()).isEqualTo(Path.of("bench-results/population-10000-42"));
  }

  @Test
  void parsesEveryOption() {
    BenchOptions o = BenchOptions.parse(List.of("--patients", "100000", "--seed", "7", "--url",
        "http://127.0.0.1:8080/fhir/", "--clients", "1,4,16", "--duration", "2m", "--warmup", "500ms",
        "--ingest-clients", "6", "--out", "r", "--skip-ingest", "--max-requests", "1000"));

    assertThat(o.patients()).isEqualTo(100_000);
    assertThat(o.url()).isEqualTo(URI.create("http://127.0.0.1:8080/fhir"));
    assertThat(o.clients()).containsExactly(1, 4, 16);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.ingestClients()).isEqualTo(6);
    assertThat(o.skipIngest()).isTrue();
    assertThat(o.maxRequests()).isEqualTo(1000);
    assertThat(o.populationDir()).isEqualTo(Path.of("r/population-100000-7"));
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "1,x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--clients");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--duration", "soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--duration");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--url", "ftp://x/fhir")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--url");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--patients")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
  }

  @Test
  void asChoosesWhoSendsTheRequestsAndAClinicianMeansOneStationsPatients() {
    BenchOptions both = BenchOptions.parse(List.of());
    BenchOptions system = BenchOptions.parse(List.of("--as", "system"));
    BenchOptions clinician = BenchOptions.parse(List.of("--as", "Clinician", "--patients", "2000"));

    assertThat(both.callers()).containsExactly(Caller.SYSTEM, Caller.CLINICIAN);
    assertThat(both.stationSample()).isTrue();
    assertThat(system.callers()).containsExactly(Caller.SYSTEM);
    assertThat(system.stationSample()).isFalse();
    assertThat(clinician.callers()).containsExactly(Caller.CLINICIAN);
    assertThat(clinician.stationSample()).isTrue();
    assertThat(clinician.patients()).isEqualTo(2000);
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--as", "doctor")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--as");
    assertThat(BenchOptions.parse(List.of("--as", "system", "--sample", "station")).stationSample()).isTrue();
    assertThat(BenchOptions.parse(List.of("--sample", "spread")).stationSample()).isFalse();
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--sample", "all")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sample");
  }

  @Test
  void phasesChooseTheReadSidePhasesAndKeepTheirOrder() {
    assertThat(BenchOptions.parse(List.of()).phases()).containsExactly("search", "read", "everything");
    assertThat(BenchOptions.parse(List.of("--phases", "everything, READ")).phases())
        .containsExactly("read", "everything");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--phases", "read,ingest")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--phases");
  }

  @Test
  void helpReturnsNull() {
    assertThat(BenchOptions.parse(List.of("--help"))).isNull();
  }
}
