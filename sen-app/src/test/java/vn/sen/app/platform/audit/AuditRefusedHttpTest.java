package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * Over HTTP: when a read's or a search's audit entry cannot be committed, the request fails with an
 * OperationOutcome and the answer carries none of the record (nothing is served that was not recorded).
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
    try {
      for (String path : new String[] {"/fhir/Patient/" + id, "/fhir/Patient?_id=" + id,
          "/fhir/Patient?family=" + FAMILY, "/fhir/Patient/" + id + "/$everything"}) {
        HttpResponse<String> refused = sen.get(path);
        assertThat(refused.statusCode()).as(path).isEqualTo(500);
        assertThat(refused.body()).as(path).contains("OperationOutcome").doesNotContain(FAMILY);
      }
    } finally {
      exec(db, "DROP TRIGGER test_refuse_audit ON audit_pending");
      exec(db, "DROP FUNCTION test_refuse_audit()");
    }
    HttpResponse<String> served = sen.get("/fhir/Patient?family=" + FAMILY);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).contains(FAMILY);
  }

  private static void exec(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
