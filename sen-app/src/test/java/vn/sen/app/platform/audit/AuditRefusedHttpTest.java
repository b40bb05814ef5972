package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * Over HTTP: when a read's or a search's audit entry cannot be committed, the request fails with an
 * OperationOutcome and the answer carries none of the record (nothing is served that was not recorded). A
 * request alone is recorded in the audit journal, so it fails only when neither the journal nor the database
 * takes its entry; what the journal took while the database refused reaches the trail afterwards.
 */
@ExtendWith(SenServer.class)
class AuditRefusedHttpTest {
  private static final String FAMILY = "Kiemtra-Nhatky-Tuchoi";

  @Test
  void aReadOrSearchWhoseEntryCannotBeStagedIsRefusedWithoutData(SenServer.Running sen) throws Exception {
    Patient p = new Patient();
    p.addName().setFamily(FAMILY).addGiven("An");
    String id = sen.fhirClient().create().resource(p).execute().getId().getIdPart();
    assertThat(sen.get("/fhir/Patient/" + id).body()).contains(FAMILY);

    DataSource db = sen.context().getBean(DataSource.class);
    exec(db, """
        CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'the test refuses audit entries'; END $$""");
    exec(db, "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_pending"
        + " FOR EACH STATEMENT EXECUTE FUNCTION test_refuse_audit()");
    AuditTrail trail = sen.context().getBean(AuditTrail.class);
    Path journal = trail.journalDir();
    assertThat(journal).as("the server journals requests served alone").isNotNull();
    Path aside = journal.resolveSibling(journal.getFileName() + ".aside");
    String requestId = "refused-" + System.nanoTime();
    try {
      // the database refuses, the journal takes the entry: served, and recorded
      HttpResponse<String> journaled = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(sen.baseUrl() + "/fhir/Patient/" + id))
              .header("Authorization", "Bearer " + sen.systemToken()).header("X-Request-Id", requestId).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(journaled.statusCode()).isEqualTo(200);
      assertThat(journaled.body()).contains(FAMILY);

      // it waits in the journal: the trail cannot take it yet (this also closes the journal's open segment)
      assertThatThrownBy(trail::flush).isInstanceOf(AuditWriteException.class);

      // neither takes it: refused without data
      Files.move(journal, aside);
      for (String path : new String[] {"/fhir/Patient/" + id, "/fhir/Patient?_id=" + id,
          "/fhir/Patient?family=" + FAMILY, "/fhir/Patient/" + id + "/$everything"}) {
        HttpResponse<String> refused = sen.get(path);
        assertThat(refused.statusCode()).as(path).isEqualTo(500);
        assertThat(refused.body()).as(path).contains("OperationOutcome").doesNotContain(FAMILY);
      }
    } finally {
      if (Files.isDirectory(aside)) {
        Files.move(aside, journal);
      }
      exec(db, "DROP TRIGGER test_refuse_audit ON audit_pending");
      exec(db, "DROP FUNCTION test_refuse_audit()");
    }
    trail.flush();
    assertThat(count(db, "SELECT count(*) FROM audit_entry WHERE request_id = '" + requestId + "'"))
        .as("the journaled entry reached the trail once the database took entries again").isEqualTo(1);
    HttpResponse<String> served = sen.get("/fhir/Patient?family=" + FAMILY);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).contains(FAMILY);
  }

  private static long count(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void exec(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
