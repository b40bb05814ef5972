package vn.sen.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadPlanTest {

  @Test
  void syntheaReferenceBundlesGoFirstHospitalsBeforePractitioners(@TempDir Path dir) throws Exception {
    for (String name : List.of("Ana_Lopez_1.json", "practitionerInformation1700.json",
        "hospitalInformation1700.json", "Binh_Tran_2.json")) {
      Files.writeString(dir.resolve(name), "{}");
    }

    LoadPlan plan = LoadPlan.of(List.of(dir));

    assertThat(plan.referenceFiles()).extracting(LoadPlan.InputFile::relative)
        .containsExactly("hospitalInformation1700.json", "practitionerInformation1700.json");
    assertThat(plan.bundleFiles()).extracting(LoadPlan.InputFile::relative)
        .containsExactly("Ana_Lopez_1.json", "Binh_Tran_2.json");
  }

  @Test
  void generatorLayoutSkipsGroundTruthManifestAndJournalsAndOrdersNdjsonByType(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("ground-truth"));
    Files.createDirectories(dir.resolve("ndjson"));
    Files.writeString(dir.resolve("ground-truth/patients.ndjson"), "{}");
    Files.writeString(dir.resolve("manifest.json"), "{}");
    Files.writeString(dir.resolve(".sen-load-journal-127.0.0.1-8080"), "");
    for (String type : List.of("Observation", "Patient", "Organization", "Encounter")) {
      Files.writeString(dir.resolve("ndjson/" + type + ".ndjson"), "{}");
    }

    LoadPlan plan = LoadPlan.of(List.of(dir));

    assertThat(plan.fileCount()).isEqualTo(4);
    assertThat(plan.ndjsonFiles()).extracting(f -> f.file().getFileName().toString())
        .containsExactly("Organization.ndjson", "Patient.ndjson", "Encounter.ndjson", "Observation.ndjson");
  }

  @Test
  void generatorSharedBundleIsReferenceData(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("bundles"));
    Files.writeString(dir.resolve("bundles/patient-000001.json"), "{}");
    Files.writeString(dir.resolve("bundles/00000-shared.json"), "{}");

    LoadPlan plan = LoadPlan.of(List.of(dir));

    assertThat(plan.referenceFiles()).extracting(LoadPlan.InputFile::relative)
        .containsExactly(Path.of("bundles/00000-shared.json").toString());
    assertThat(plan.bundleFiles()).hasSize(1);
  }
}
