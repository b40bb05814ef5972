package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;
import vn.sen.app.platform.audit.AuditVerifier.Result;

/**
 * Over HTTP with the HAPI client: each search's entry names exactly the resources its page returned, in
 * their order (with and without includes, a second page, a total, nothing found), and the trail verifies;
 * reads and searches inside a transaction Bundle are recorded as well, and so is a conditional create that
 * answers with the existing resource.
 */
@ExtendWith(SenServer.class)
class SearchAuditHttpTest {

  @Test
  void eachSearchIsRecordedWithExactlyTheResourcesItsPageReturned(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    String code = "audit-" + UUID.randomUUID();
    Patient patient = new Patient();
    patient.addName().setFamily("Kiemtra-Timkiem-Nhatky").addGiven("Bình");
    String pid = fhir.create().resource(patient).execute().getId().getIdPart();
    for (int i = 0; i < 3; i++) {
      Observation o = new Observation();
      o.setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem("https://sen.health.vn/test").setCode(code);
      o.getSubject().setReference("Patient/" + pid);
      fhir.create().resource(o).execute();
    }

    List<Search> searches = List.of(
        new Search("Observation?subject=Patient/" + pid + "&_count=2", 2),
        new Search("Observation?code=https://sen.health.vn/test|" + code, 3),
        new Search("Observation?subject=Patient/" + pid + "&_include=Observation:subject", 4),
        new Search("Patient?family=Kiemtra-Timkiem-Nhatky&_total=accurate", 1),
        new Search("Patient?family=Khong-Co-Ai-" + code, 0));
    for (Search s : searches) {
      Bundle page = fhir.search().byUrl(s.url()).returnBundle(Bundle.class)
          .withAdditionalHeader("X-Request-Id", s.requestId()).execute();
      List<String> returned = new ArrayList<>();
      for (Bundle.BundleEntryComponent e : page.getEntry()) {
        Resource r = e.getResource();
        returned.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + "/_history/"
            + r.getMeta().getVersionId());
      }
      assertThat(returned).as(s.url()).hasSize(s.expected());
      s.returned().addAll(returned);
    }
    sen.context().getBean(AuditTrail.class).flush();

    DataSource db = sen.context().getBean(DataSource.class);
    for (Search s : searches) {
      Recorded entry = recorded(db, s.requestId());
      assertThat(entry.action()).as(s.url()).isEqualTo("search");
      assertThat(entry.entities()).as(s.url()).containsExactlyElementsOf(s.returned());
      assertThat(entry.patients()).as(s.url()).isEqualTo(s.expected() == 0 ? List.of() : List.of(pid));
    }
    assertThat(sen.context().getBean(AuditVerifier.class).verify(null)).isInstanceOf(Result.Intact.class);
  }

  @Test
  void readsAndSearchesInsideATransactionBundleAreRecordedToo(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    Patient patient = new Patient();
    patient.addName().setFamily("Kiemtra-Goi-Nhatky").addGiven("Cúc");
    String pid = fhir.create().resource(patient).execute().getId().getIdPart();
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().setText("mạch");
    o.getSubject().setReference("Patient/" + pid);
    String oid = fhir.create().resource(o).execute().getId().getIdPart();

    Bundle request = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    request.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + pid);
    request.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?subject=Patient/" + pid);
    String requestId = "bundle-audit-" + UUID.randomUUID();
    Bundle answer = fhir.transaction().withBundle(request).withAdditionalHeader("X-Request-Id", requestId)
        .execute();
    assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("200"));
    sen.context().getBean(AuditTrail.class).flush();

    List<Recorded> entries = new ArrayList<>();
    try (Connection c = sen.context().getBean(DataSource.class).getConnection(); PreparedStatement ps =
        c.prepareStatement("SELECT action, patients, entities FROM audit_entry WHERE request_id = ? ORDER BY seq")) {
      ps.setString(1, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(new Recorded(rs.getString(1), AuditChain.strings(rs, "patients"),
              AuditChain.strings(rs, "entities")));
        }
      }
    }
    assertThat(entries).containsExactlyInAnyOrder(
        new Recorded("read", List.of(pid), List.of("Patient/" + pid + "/_history/1")),
        new Recorded("search", List.of(pid), List.of("Observation/" + oid + "/_history/1")));
  }

  @Test
  void aConditionalCreateThatReturnsTheExistingResourceIsRecordedAsItsRead(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    String number = "0" + (100_000_000_00L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 99_999_999_99L));
    Patient patient = new Patient();
    patient.addIdentifier().setSystem("https://sen.health.vn/test/cccd").setValue(number);
    patient.addName().setFamily("Kiemtra-Dieukien").addGiven("Dung");
    String criteria = "Patient?identifier=https://sen.health.vn/test/cccd|" + number;
    String pid = fhir.create().resource(patient).conditionalByUrl(criteria).execute().getId().getIdPart();

    String requestId = "conditional-audit-" + UUID.randomUUID();
    var again = fhir.create().resource(patient).conditionalByUrl(criteria)
        .withAdditionalHeader("X-Request-Id", requestId).execute();
    assertThat(again.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(again.getId().getIdPart()).isEqualTo(pid);
    sen.context().getBean(AuditTrail.class).flush();

    Recorded entry = recorded(sen.context().getBean(DataSource.class), requestId);
    assertThat(entry).isEqualTo(new Recorded("read", List.of(pid), List.of("Patient/" + pid + "/_history/1")));
  }

  private static Recorded recorded(DataSource db, String requestId) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT action, patients, entities FROM audit_entry WHERE request_id = ?")) {
      ps.setString(1, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(requestId).isTrue();
        Recorded found = new Recorded(rs.getString(1), AuditChain.strings(rs, "patients"),
            AuditChain.strings(rs, "entities"));
        assertThat(rs.next()).as("one entry for " + requestId).isFalse();
        return found;
      }
    }
  }

  private record Search(String url, int expected, String requestId, List<String> returned) {
    Search(String url, int expected) {
      this(url, expected, "search-audit-" + UUID.randomUUID(), new ArrayList<>());
    }
  }

  private record Recorded(String action, List<String> patients, List<String> entities) {}
}
