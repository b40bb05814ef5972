package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sen.app.platform.audit.AuditFixtures.T0;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.app.platform.audit.AuditContext.Actor;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.store.pg.TestDatabase;

class AuditEventsTest {
  static final FhirContext CTX = FhirContext.forR4Cached();
  static final Actor NURSE = new Actor("y.ta.hoa", "Practitioner/p2", Set.of("nurse"), "Organization/o2", false);
  static final Actor CAREGIVER = new Actor("con.gai", "RelatedPerson/c1", Set.of("caregiver"), null, false);
  static TestDatabase db;
  static AuditEvents events;
  static SearchQueryParser parser;

  @BeforeAll
  static void sevenEntries() throws SQLException {
    db = AuditFixtures.migrated(AuditEventsTest.class);
    AuditContext doctor = AuditFixtures.DOCTOR_AT_WORK;
    AuditContext nurse = new AuditContext(NURSE, null, null, null, "10.0.0.9", null, null, null);
    AuditContext caregiver = new AuditContext(CAREGIVER, "Patient/pat1", "PATRQT", null, "2001:db8::1",
        "SenCompanion/1.0", "req-7", null);
    List<AuditEntry> entries = List.of(
        entry(doctor, 0, "read", AuditEntry.SUCCESS, List.of("pat1"), List.of("Observation/o1/_history/1"), null),
        entry(nurse, 1, "search", AuditEntry.SUCCESS, List.of("pat1", "pat2"),
            List.of("Observation/o1/_history/1", "Observation/o2/_history/1"), null),
        entry(doctor, 2, "create", AuditEntry.SUCCESS, List.of("pat2"), List.of("Condition/c1/_history/1"), null),
        entry(new AuditContext(AuditFixtures.DOCTOR, null, "ETREAT", null, "10.0.0.7", null, null, null), 3,
            "break-glass", AuditEntry.SUCCESS, List.of("pat3"), List.of("Patient/pat3"), "bất tỉnh, không có người nhà"),
        entry(nurse, 4, "read", AuditEntry.DENIED, List.of("pat1"), List.of("Patient/pat1"), null),
        entry(nurse, 5, "login", AuditEntry.SUCCESS, List.of(), List.of(), null),
        entry(caregiver, 6, "read", AuditEntry.SUCCESS, List.of("pat1"), List.of("MedicationRequest/m1/_history/2"),
            null),
        entry(nurse, 6, "search", AuditEntry.DENIED, List.of(), List.of("AuditEvent"), null));
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AuditChain.stage(c, entries);
      c.commit();
    }
    AuditFixtures.seal(db);
    events = new AuditEvents(db.dataSource(), CTX);
    parser = new SearchQueryParser(new SearchParameterRegistry(CTX), Set.of());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void everyEventValidatesAgainstBaseR4AndParsesStrictly() {
    FhirValidator validator = validator();
    IParser strict = CTX.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<String> errors = new ArrayList<>();
    List<StoredResource> all = resources(search("_count=100"));
    assertThat(all).hasSize(8);
    for (StoredResource r : all) {
      String json = new String(r.json(), StandardCharsets.UTF_8);
      strict.parseResource(AuditEvent.class, json);
      for (SingleValidationMessage m : validator.validateWithResult(json).getMessages()) {
        if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
          errors.add("AuditEvent/" + r.id() + " " + m.getLocationString() + ": " + m.getMessage());
        }
      }
    }
    assertThat(errors).isEmpty();
    assertThat(validator.validateWithResult("{\"resourceType\":\"AuditEvent\",\"action\":\"X\"}").getMessages())
        .as("the validator finds errors where there are some")
        .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
  }

  @Test
  void anEventSaysWhoFromWhereWhatAndWhy() {
    AuditEvent read = parse(events.read("7").orElseThrow());

    assertThat(read.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
    assertThat(read.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(read.getRecorded().toInstant()).isEqualTo(T0.plus(Duration.ofDays(6)).plusSeconds(1));
    assertThat(read.getSubtypeFirstRep().getCode()).isEqualTo("read");
    assertThat(read.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("PATRQT");
    AuditEvent.AuditEventAgentComponent requestor = read.getAgentFirstRep();
    assertThat(requestor.getRequestor()).isTrue();
    assertThat(requestor.getWho().getReference()).isEqualTo("RelatedPerson/c1");
    assertThat(requestor.getNetwork().getAddress()).isEqualTo("2001:db8::1");
    assertThat(read.getAgent()).extracting(a -> a.getWho().getReference()).contains("Patient/pat1");
    assertThat(read.getAgent()).extracting(a -> a.getWho().getDisplay()).contains("SenCompanion/1.0");
    assertThat(whats(read)).contains("Patient/pat1", "MedicationRequest/m1/_history/2");

    AuditEvent breakGlass = parse(events.read("4").orElseThrow());
    assertThat(breakGlass.getType().getCode()).isEqualTo("110113");
    assertThat(breakGlass.getSubtypeFirstRep().getCode()).isEqualTo("110127");
    assertThat(breakGlass.getAgentFirstRep().getPurposeOfUseFirstRep().getText())
        .isEqualTo("bất tỉnh, không có người nhà");
    assertThat(parse(events.read("5").orElseThrow()).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(parse(events.read("6").orElseThrow()).getType().getCode()).isEqualTo("110114");
    assertThat(events.read("99")).isEmpty();
    assertThat(events.read("Patient")).isEmpty();
  }

  @Test
  void searchesByPatientAgentEntityActionOutcomeAndDate() {
    assertThat(seqs("patient=pat1")).containsExactly("7", "5", "2", "1");
    assertThat(seqs("patient=Patient/pat3")).containsExactly("4");
    assertThat(seqs("agent=Practitioner/p2")).containsExactly("8", "6", "5", "2");
    assertThat(seqs("agent=Patient/pat1")).containsExactly("7");
    assertThat(seqs("agent=p1")).containsExactly("4", "3", "1");
    assertThat(seqs("entity=Condition/c1")).containsExactly("3");
    assertThat(seqs("entity=Observation/o1")).containsExactly("2", "1");
    assertThat(seqs("entity=Patient/pat3")).containsExactly("4");
    assertThat(seqs("action=C")).containsExactly("3");
    assertThat(seqs("action=E")).containsExactly("8", "6", "4", "2");
    assertThat(seqs("action=R,U")).containsExactly("7", "5", "1");
    assertThat(seqs("outcome=4")).containsExactly("8", "5");
    assertThat(seqs("date=ge2026-03-02&date=le2026-03-04")).containsExactly("4", "3", "2");
    assertThat(seqs("date=2026-03-01")).containsExactly("1");
    assertThat(seqs("date=gt2026-03-06")).containsExactly("8", "7");
    assertThat(seqs("patient=pat1&agent=Practitioner/p2")).containsExactly("5", "2");
    assertThat(seqs("_id=3")).containsExactly("3");
    assertThat(seqs("_sort=date&outcome=4")).containsExactly("5", "8");
  }

  @Test
  void anAgentSearchUsesTheAgentsIndex() throws Exception {
    try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (var rs = s.executeQuery("EXPLAIN SELECT seq FROM audit_entry WHERE " + AuditSearchSql.AGENTS
          + " && ARRAY['Practitioner/p2']")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      c.rollback();
      assertThat(plan.toString()).contains("audit_entry_agents_idx");
    }
  }

  @Test
  void pagesWithCountAndReportsTotals() {
    SearchResult first = search("_count=3&_total=accurate");
    assertThat(resources(first)).extracting(StoredResource::id).containsExactly("8", "7", "6");
    assertThat(first.hasNext()).isTrue();
    assertThat(first.total()).isEqualTo(8);

    SearchResult last = events.search(query("_count=3").withPage(3, 6), null);
    assertThat(resources(last)).extracting(StoredResource::id).containsExactly("2", "1");
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void aPatientSeesWhoLookedAtTheirRecordAndNothingOfOthers() {
    SearchResult mine = events.search(parser.parse("AuditEvent", SearchQueryParser.queryPairs(""), true).query(), "pat2");

    List<StoredResource> found = resources(mine);
    assertThat(found).extracting(StoredResource::id).containsExactly("3", "2");
    assertThat(found).extracting(StoredResource::patient).containsOnly("pat2");
    AuditEvent search = parse(found.get(1));
    assertThat(whats(search)).containsExactly("Patient/pat2");
    assertThat(search.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/p2");
    assertThat(search.getAgentFirstRep().getNetwork().hasAddress()).isFalse();
    assertThat(whats(parse(found.get(0)))).contains("Condition/c1/_history/1");
    assertThat(events.search(query("patient=pat1"), "pat2").entries()).extracting(m -> m.resource().id())
        .containsExactly("2");
    assertThat(events.read("2").orElseThrow().patient()).as("unmasked, it belongs to no single patient").isNull();
    assertThat(whats(parse(events.read("2", "pat2").orElseThrow()))).containsExactly("Patient/pat2");
    assertThat(events.read("1", "pat2")).isEmpty();
  }

  @Test
  void unsupportedParametersAreRefused() {
    assertThatThrownBy(() -> events.search(query("address=10.0.0.7"), null))
        .isInstanceOfSatisfying(FhirException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThatThrownBy(() -> events.search(query("patient:missing=true"), null))
        .isInstanceOf(FhirException.class);
  }

  private static AuditEntry entry(AuditContext ctx, int day, String action, String outcome, List<String> patients,
      List<String> entities, @Nullable String reason) {
    Instant when = T0.plus(Duration.ofDays(day)).plusSeconds(patients.size());
    return AuditEntry.of(ctx, when, action, outcome, patients, entities, reason);
  }

  private static SearchQuery query(String q) {
    return parser.parse("AuditEvent", SearchQueryParser.queryPairs(q), true).query();
  }

  private static SearchResult search(String q) {
    return events.search(query(q), null);
  }

  private static List<String> seqs(String q) {
    return search(q + "&_count=100").entries().stream().map(m -> m.resource().id()).toList();
  }

  private static List<StoredResource> resources(SearchResult result) {
    return result.entries().stream().map(m -> m.resource()).toList();
  }

  private static AuditEvent parse(StoredResource r) {
    return CTX.newJsonParser().parseResource(AuditEvent.class, new String(r.json(), StandardCharsets.UTF_8));
  }

  private static List<String> whats(AuditEvent e) {
    return e.getEntity().stream().map(AuditEventEntityComponent::getWhat).filter(Reference::hasReference)
        .map(Reference::getReference).toList();
  }

  private static FhirValidator validator() {
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(CTX),
        new CommonCodeSystemsTerminologyService(CTX),
        new InMemoryTerminologyServerValidationSupport(CTX),
        new SnapshotGeneratingValidationSupport(CTX));
    FhirValidator validator = CTX.newValidator();
    validator.registerValidatorModule(new FhirInstanceValidator(chain));
    return validator;
  }
}
