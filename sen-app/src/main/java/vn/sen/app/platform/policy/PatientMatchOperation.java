package vn.sen.app.platform.policy;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;
import vn.sen.app.platform.policy.AccessRecorder.AccessEvent;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * {@code POST Patient/$match} (<a href="https://hl7.org/fhir/R4/patient-operation-match.html">R4 Patient
 * match</a>): a staff member who registers patients (doctor, nurse, receptionist at an organisation) finds a
 * patient registered elsewhere, to open a first encounter ({@link FirstEncounters}), without any care
 * relationship yet.
 *
 * <p>No fishing: only an exact national identifier matches — the citizen identity number (CCCD) or the
 * health insurance number — optionally confirmed by the birth date (a different birth date is no match).
 * Names and other demographics alone never return anything. A match returns a minimal Patient (id, the
 * identifier that matched, name, birth date, gender, managing organisation; tagged SUBSETTED), never contact
 * details or clinical data. One identifier held by several patients grades them {@code probable}, so that
 * {@code onlyCertainMatches} returns none of them. Every call is recorded in the audit trail with the patients
 * it returned.
 */
public final class PatientMatchOperation implements EdgeOperation {
  static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
  private static final String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
  private static final Set<String> NATIONAL = Set.of(SenCodes.CITIZEN_ID, SenCodes.INSURANCE_NUMBER);
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final int MAX_COUNT = 20;

  private final FhirRepository store;
  private final PolicyEnforcingRepository edge;
  private final AccessRecorder recorder;
  private final FirstEncounters firstEncounters;
  private final SearchQueryParser parser;
  private final Supplier<String> fhirBase;

  /**
   * @param store the unrestricted store (the caller has no relationship with the patient yet)
   * @param edge the policy edge (who is asking)
   * @param fhirBase the FHIR base URL of the request being served, for the entries' fullUrl
   */
  public PatientMatchOperation(FhirRepository store, PolicyEnforcingRepository edge, AccessRecorder recorder,
      FirstEncounters firstEncounters, SearchQueryParser parser, Supplier<String> fhirBase) {
    this.store = store;
    this.edge = edge;
    this.recorder = recorder;
    this.firstEncounters = firstEncounters;
    this.parser = parser;
    this.fhirBase = fhirBase;
  }

  @Override
  public String name() {
    return "match";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "http://hl7.org/fhir/OperationDefinition/Patient-match";
  }

  @Override
  public boolean affectsState() {
    return false;
  }

  @Override
  public boolean typeLevel() {
    return true;
  }

  private record Candidate(StoredResource stored, Patient patient, Identifier matched) {}

  @Override
  public Resource invoke(String id, Parameters input) {
    AccessSubject s = edge.subject();
    if (!(s.system() || FirstEncounters.mayIdentify(s)) || !edge.policy().mayRead(s, "Patient")) {
      recorder.record(s, new AccessEvent("$match", "denied", Set.of(), List.of("Patient"), null));
      throw AccessPolicy.forbidden();
    }
    Patient query = queryPatient(input);
    boolean onlyCertain = input.getParameter("onlyCertainMatches") != null
        && input.getParameter("onlyCertainMatches").getValue() instanceof BooleanType b && b.booleanValue();
    int count = count(input.getParameter("count"));

    Map<String, Candidate> found = new LinkedHashMap<>();
    for (Identifier identifier : query.getIdentifier()) {
      if (!identifier.hasSystem() || !NATIONAL.contains(identifier.getSystem())) {
        continue;
      }
      String value = identifier.getValue() == null ? "" : identifier.getValue().strip();
      if (!VALUE.matcher(value).matches()) {
        throw new FhirException(ErrorCode.INVALID_REQUEST,
            "An identifier value is 1 to 64 letters, digits or '-'", "Parameters.parameter.resource.identifier");
      }
      for (StoredResource stored : byIdentifier(identifier.getSystem(), value)) {
        Patient patient = parse(stored);
        if (query.hasBirthDate() && !query.getBirthDateElement().getValueAsString()
            .equals(patient.getBirthDateElement().getValueAsString())) {
          continue; // certainly not the one asked for
        }
        found.putIfAbsent(stored.id(), new Candidate(stored, patient,
            new Identifier().setSystem(identifier.getSystem()).setValue(value)));
      }
    }
    boolean unique = found.size() == 1;
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    Set<String> patients = new LinkedHashSet<>();
    List<String> entities = new ArrayList<>();
    for (Candidate c : found.values()) {
      if ((onlyCertain && !unique) || bundle.getEntry().size() >= count) {
        break;
      }
      double score = !unique ? 0.8 : query.hasBirthDate() ? 1.0 : 0.9;
      Bundle.BundleEntryComponent entry = bundle.addEntry()
          .setFullUrl(fhirBase.get() + "/Patient/" + c.stored().id())
          .setResource(minimal(c));
      entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(BigDecimal.valueOf(score))
          .addExtension(MATCH_GRADE, new CodeType(unique ? "certain" : "probable"));
      patients.add(c.stored().id());
      entities.add("Patient/" + c.stored().id() + "/_history/" + c.stored().versionId());
    }
    bundle.setTotal(bundle.getEntry().size());
    recorder.record(s, new AccessEvent("$match", "success", patients, entities, null));
    if (!s.system() && !patients.isEmpty()) {
      firstEncounters.identified(s, patients);
    }
    return bundle;
  }

  private static Patient queryPatient(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("resource");
    if (p == null || !(p.getResource() instanceof Patient patient)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "$match takes a 'resource' parameter holding a Patient", "Parameters.parameter");
    }
    return patient;
  }

  private static int count(Parameters.@Nullable ParametersParameterComponent p) {
    if (p == null) {
      return MAX_COUNT;
    }
    Type v = p.getValue();
    if (!(v instanceof IntegerType n) || n.getValue() == null || n.getValue() < 1) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "'count' is a positive integer", "Parameters.parameter");
    }
    return Math.min(n.getValue(), MAX_COUNT);
  }

  private List<StoredResource> byIdentifier(String system, String value) {
    SearchQuery q = parser.parse("Patient",
        List.of(Map.entry("identifier", system + "|" + value), Map.entry("_count", String.valueOf(MAX_COUNT))),
        true).query();
    List<StoredResource> out = new ArrayList<>();
    for (SearchMatch m : store.search(q).entries()) {
      if (!m.include()) {
        out.add(m.resource());
      }
    }
    return out;
  }

  private static Patient parse(StoredResource stored) {
    return (Patient) FhirContext.forR4Cached().newJsonParser()
        .parseResource(new String(stored.json(), StandardCharsets.UTF_8));
  }

  /** What identifies the patient, and nothing else: no contact details, no links, no clinical data. */
  private static Patient minimal(Candidate c) {
    Patient full = c.patient();
    Patient p = new Patient();
    p.setId(c.stored().id());
    p.getMeta().addTag(SUBSETTED_SYSTEM, "SUBSETTED", "subsetted");
    p.addIdentifier(c.matched());
    full.getName().forEach(n -> p.addName(n.copy()));
    if (full.hasBirthDate()) {
      p.setBirthDateElement(full.getBirthDateElement().copy());
    }
    if (full.hasGender()) {
      p.setGender(full.getGender());
    }
    if (full.hasManagingOrganization()) {
      p.setManagingOrganization(full.getManagingOrganization().copy());
    }
    return p;
  }
}
