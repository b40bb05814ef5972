package vn.sen.app.companion.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Reads a population written by {@code ./sen generate --format ndjson} ({@code DIR/ndjson/<Type>.ndjson})
 * into histories, with the same {@link HistoryBuilder} as the store: for evaluating on a held-out
 * population without loading it. Lines of types the model does not read are not parsed; Observations
 * and Encounters are parsed only when they can be the household size or an inpatient stay.
 */
final class NdjsonRecordSource implements RecordSource {
  private final Path dir;
  private final FhirContext fhir;

  NdjsonRecordSource(Path populationDir, FhirContext fhir) {
    this.dir = populationDir.resolve("ndjson");
    this.fhir = fhir;
  }

  @Override
  public void forEachPatient(Consumer<PatientHistory> consumer) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory (generate with --format ndjson)");
    }
    MedicineClasses classes = new MedicineClasses(id -> Optional.empty());
    read("Medication", line -> true, r -> classes.remember((Medication) r));
    Map<String, HistoryBuilder> builders = new LinkedHashMap<>();
    read("Patient", line -> true, r -> builder(builders, r.getIdPart(), classes).add(r));
    Predicate<String> all = line -> true;
    read("Condition", all, r -> add(builders, ((Condition) r).getSubject(), r));
    read("MedicationRequest", all, r -> add(builders, ((MedicationRequest) r).getSubject(), r));
    read("MedicationDispense", all, r -> add(builders, ((MedicationDispense) r).getSubject(), r));
    read("MedicationAdministration", all, r -> add(builders, ((MedicationAdministration) r).getSubject(), r));
    read("AdverseEvent", all, r -> add(builders, ((AdverseEvent) r).getSubject(), r));
    read("Encounter", line -> line.contains("\"IMP\""), r -> add(builders, ((Encounter) r).getSubject(), r));
    read("Observation", line -> line.contains(HistoryBuilder.HOUSEHOLD_SIZE),
        r -> add(builders, ((Observation) r).getSubject(), r));
    builders.values().forEach(b -> consumer.accept(b.history()));
  }

  private static HistoryBuilder builder(Map<String, HistoryBuilder> builders, String id, MedicineClasses classes) {
    return builders.computeIfAbsent(id, key -> new HistoryBuilder(key, classes));
  }

  private static void add(Map<String, HistoryBuilder> builders, Reference subject, Resource r) {
    String id = patientId(subject);
    HistoryBuilder b = id == null ? null : builders.get(id);
    if (b != null) {
      b.add(r);
    }
  }

  private static @Nullable String patientId(Reference subject) {
    String ref = subject.getReference();
    return ref != null && ref.startsWith("Patient/") ? ref.substring("Patient/".length()) : null;
  }

  private void read(String type, Predicate<String> worthParsing, Consumer<Resource> sink) {
    Path file = dir.resolve(type + ".ndjson");
    if (!Files.exists(file)) {
      return;
    }
    IParser parser = fhir.newJsonParser();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank() && worthParsing.test(line)) {
          sink.accept((Resource) parser.parseResource(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
