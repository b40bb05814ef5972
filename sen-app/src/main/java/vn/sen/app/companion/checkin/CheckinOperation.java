package vn.sen.app.companion.checkin;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirOperation;

/**
 * {@code POST Patient/{id}/$checkin}: a check-in in the patient's own words (issue 5). Input Parameters:
 * {@code text} (string, required, at most 1,000 characters), {@code sent} (dateTime), {@code channel}
 * (code). Reads the patient's active MedicationRequests, interprets the text, writes every record in one
 * transaction, and returns {@code intent}, {@code secondaryIntent}, {@code urgent}, {@code redFlag}, {@code
 * medication}, {@code doseTime}, {@code symptom}, {@code language}, {@code reply} and {@code created}.
 */
public final class CheckinOperation implements FhirOperation {
  private static final Logger LOG = LoggerFactory.getLogger(CheckinOperation.class);
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_MEDICATIONS = 1000;

  private final FhirRepository repository;
  private final SearchQueryParser searchParser;
  private final CheckinInterpreter interpreter;
  private final CheckinRecords records;
  private final WriteCheck writeCheck;
  private final FhirContext fhir;
  private final Clock clock;
  private final List<CheckinListener> listeners;

  public CheckinOperation(FhirRepository repository, SearchQueryParser searchParser, CheckinInterpreter interpreter,
      CheckinRecords records, WriteCheck writeCheck, FhirContext fhir, Clock clock, List<CheckinListener> listeners) {
    this.repository = repository;
    this.searchParser = searchParser;
    this.interpreter = interpreter;
    this.records = records;
    this.writeCheck = writeCheck;
    this.fhir = fhir;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public String name() {
    return "checkin";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/Patient-checkin";
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    String text = text(input);
    Instant received = clock.instant();
    Instant sent = sent(input, received);
    String channel = channel(input);
    IParser parser = fhir.newJsonParser();
    Patient patient = repository.read("Patient", id).filter(r -> !r.deleted())
        .map(r -> parse(parser, r, Patient.class)).orElseThrow(() -> FhirException.notFound("Patient", id));
    List<ActiveMedication> active = activeMedications(id, parser);
    CheckinMessage message = new CheckinMessage(text, sent, CheckinMessage.DEFAULT_ZONE, active);
    Interpretation meaning = interpreter.interpret(message);
    CareContext care = new CareContext(id, patient.getManagingOrganization().getReference(), careTeam(id, patient,
        parser));
    CheckinRecords.Plan plan = records.plan(message, meaning, care, channel, received);
    for (Resource r : plan.resources()) {
      List<Issue> issues = writeCheck.check(r);
      if (!issues.isEmpty()) {
        throw new FhirException(ErrorCode.INTERNAL, "A check-in record failed Sen's own write check", issues);
      }
    }
    repository.inTransaction(tx -> {
      for (Resource r : plan.resources()) {
        tx.create(r, null);
      }
      return null;
    });
    LOG.info("Check-in on Patient/{}: {} records written", id, plan.resources().size());
    for (CheckinListener l : listeners) {
      l.checkedIn(id, meaning);
    }
    return output(meaning, plan);
  }

  private static String text(Parameters input) {
    ParametersParameterComponent p = input.getParameter("text");
    String text = p == null || p.getValue() == null ? null : p.getValue().primitiveValue();
    if (text == null || text.isBlank()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "A 'text' (string) is required", "Parameters.parameter");
    }
    if (text.length() > CheckinInterpreter.MAX_LENGTH) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "'text' is longer than " + CheckinInterpreter.MAX_LENGTH + " characters", "Parameters.parameter");
    }
    return text;
  }

  private static Instant sent(Parameters input, Instant received) {
    ParametersParameterComponent p = input.getParameter("sent");
    if (p == null || p.getValue() == null) {
      return received;
    }
    if (!(p.getValue() instanceof DateTimeType dt) || dt.getValue() == null) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "'sent' must be a dateTime", "Parameters.parameter");
    }
    return dt.getValue().toInstant();
  }

  private static @Nullable String channel(Parameters input) {
    ParametersParameterComponent p = input.getParameter("channel");
    if (p == null || p.getValue() == null) {
      return null;
    }
    String code = p.getValue().primitiveValue();
    if (code == null || !CHANNEL.matcher(code).matches()) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "'channel' must be a code of letters, digits, '.', '_' or '-' (at most 64)", "Parameters.parameter");
    }
    return code;
  }

  private List<ActiveMedication> activeMedications(String patientId, IParser parser) {
    SearchQuery query = searchParser.parse("MedicationRequest", List.of(
        Map.entry("subject", "Patient/" + patientId), Map.entry("status", "active"),
        Map.entry("_include", "MedicationRequest:medication"), Map.entry("_count", String.valueOf(MAX_MEDICATIONS))),
        true).query();
    List<MedicationRequest> requests = new ArrayList<>();
    Map<String, Medication> medications = new HashMap<>();
    for (SearchMatch m : repository.search(query).entries()) {
      StoredResource r = m.resource();
      if (r.type().equals("MedicationRequest") && !m.include()) {
        requests.add(parse(parser, r, MedicationRequest.class));
      } else if (r.type().equals("Medication")) {
        medications.put("Medication/" + r.id(), parse(parser, r, Medication.class));
      }
    }
    List<ActiveMedication> out = new ArrayList<>();
    for (MedicationRequest request : requests) {
      Medication med = request.hasMedicationReference()
          ? medications.get(request.getMedicationReference().getReference()) : null;
      out.add(interpreter.activeMedication(request, med));
    }
    return out;
  }

  private List<String> careTeam(String patientId, Patient patient, IParser parser) {
    SearchQuery query = searchParser.parse("CareTeam", List.of(Map.entry("subject", "Patient/" + patientId),
        Map.entry("status", "active"), Map.entry("_count", "20")), true).query();
    List<String> out = new ArrayList<>();
    for (SearchMatch m : repository.search(query).entries()) {
      if (!m.include()) {
        out.add("CareTeam/" + m.resource().id());
      }
    }
    if (out.isEmpty()) {
      for (Reference gp : patient.getGeneralPractitioner()) {
        if (gp.getReference() != null) {
          out.add(gp.getReference());
        }
      }
    }
    return out;
  }

  private static <T extends Resource> T parse(IParser parser, StoredResource stored, Class<T> type) {
    return parser.parseResource(type, new String(stored.json(), StandardCharsets.UTF_8));
  }

  private static Parameters output(Interpretation meaning, CheckinRecords.Plan plan) {
    Parameters out = new Parameters();
    out.addParameter().setName("intent").setValue(new CodeType(meaning.intent().code()));
    for (Intent i : meaning.secondary()) {
      out.addParameter().setName("secondaryIntent").setValue(new CodeType(i.code()));
    }
    out.addParameter().setName("urgent").setValue(new BooleanType(meaning.urgent()));
    for (RedFlag f : meaning.redFlags()) {
      out.addParameter().setName("redFlag").setValue(CheckinCodes.primaryCoding(f));
    }
    for (ActiveMedication m : meaning.medications()) {
      out.addParameter().setName("medication").setValue(new Reference(m.requestReference()).setDisplay(m.display()));
    }
    DoseTime dose = meaning.doseTime();
    if (dose != null) {
      ParametersParameterComponent d = out.addParameter().setName("doseTime");
      if (dose.period() != null) {
        d.addPart().setName("period").setValue(new CodeType(dose.period().code()));
      }
      d.addPart().setName("day").setValue(new CodeType(dose.day().code()));
      d.addPart().setName("date").setValue(new DateType(dose.date().toString()));
    }
    for (Symptom s : meaning.symptoms()) {
      out.addParameter().setName("symptom").setValue(CheckinCodes.primaryCoding(s));
    }
    out.addParameter().setName("language").setValue(new CodeType(meaning.language().code()));
    out.addParameter().setName("reply").setValue(new StringType(meaning.reply()));
    for (String ref : plan.references()) {
      out.addParameter().setName("created").setValue(new Reference(ref));
    }
    return out;
  }
}
