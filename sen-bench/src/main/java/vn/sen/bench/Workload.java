package vn.sen.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The documented requests (docs/benchmarks.md, "The workload"). Each kind builds its URL from a sampled
 * patient chosen at random by the calling client thread.
 */
enum Workload {
  /** A clerk scans or types the 12-digit CCCD. */
  PATIENT_BY_IDENTIFIER("search", "Patient?identifier=CCCD"),
  /** A clerk types the full name, without or with diacritics (the stored text is used as typed). */
  PATIENT_BY_NAME("search", "Patient?name=full name"),
  /** Blood pressure readings of one patient since 2024. */
  OBSERVATIONS_BY_PATIENT_CODE_DATE("search", "Observation?subject&code=loinc|85354-9&date=ge2024-01-01"),
  /** Everyone with one ICD-10 diagnosis, first page. */
  CONDITIONS_BY_CODE("search", "Condition?code=icd-10|X"),
  /** A patient's active prescriptions with their medicines. */
  MEDICATION_REQUESTS_BY_PATIENT_STATUS("search",
      "MedicationRequest?subject&status=active&_include=MedicationRequest:medication"),
  READ_BY_ID("read", "Patient/{id}"),
  EVERYTHING("everything", "Patient/{id}/$everything?_count=5000");

  static final List<Workload> SEARCH_MIX = List.of(PATIENT_BY_IDENTIFIER, PATIENT_BY_NAME,
      OBSERVATIONS_BY_PATIENT_CODE_DATE, CONDITIONS_BY_CODE, MEDICATION_REQUESTS_BY_PATIENT_STATUS);

  final String group;
  final String shape;

  Workload(String group, String shape) {
    this.group = group;
    this.shape = shape;
  }

  URI uri(URI fhirBase, PatientSample.Sampled p) {
    String base = fhirBase.toString();
    String path = switch (this) {
      case PATIENT_BY_IDENTIFIER -> "/Patient?identifier=" + enc(PatientSample.CCCD_SYSTEM + "|" + p.cccd());
      case PATIENT_BY_NAME -> "/Patient?name=" + enc(p.name());
      case OBSERVATIONS_BY_PATIENT_CODE_DATE -> "/Observation?subject=Patient/" + p.id()
          + "&code=" + enc("http://loinc.org|85354-9") + "&date=ge2024-01-01";
      case CONDITIONS_BY_CODE -> "/Condition?code="
          + enc(PatientSample.ICD10 + "|" + (p.conditionCode() == null ? "I10" : p.conditionCode()));
      case MEDICATION_REQUESTS_BY_PATIENT_STATUS -> "/MedicationRequest?subject=Patient/" + p.id()
          + "&status=active&_include=MedicationRequest:medication";
      case READ_BY_ID -> "/Patient/" + p.id();
      case EVERYTHING -> "/Patient/" + p.id() + "/$everything?_count=5000";
    };
    return URI.create(base + path);
  }

  static PatientSample.Sampled pick(List<PatientSample.Sampled> sample, SplittableRandom random) {
    return sample.get(random.nextInt(sample.size()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
