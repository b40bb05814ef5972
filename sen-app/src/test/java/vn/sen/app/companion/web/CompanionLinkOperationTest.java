package vn.sen.app.companion.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UrlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/** {@code Patient/{id}/$companion-link} through HAPI's FHIR client, and what the links table keeps. */
@ExtendWith(SenServer.class)
class CompanionLinkOperationTest {

  @Test
  void issuesAOneTimeCaregiverLinkWithAPrintableQrCode(SenServer.Running sen) throws Exception {
    IGenericClient fhir = sen.fhirClient();
    CompanionRecords records = CompanionRecords.create(fhir);
    Parameters in = new Parameters();
    in.addParameter().setName("relatedPerson").setValue(new Reference("RelatedPerson/" + records.relatedPersonId()));
    in.addParameter().setName("validity").setValue(new Duration().setValue(3).setCode("d")
        .setSystem("http://unitsofmeasure.org").setUnit("d"));

    Parameters out = fhir.operation().onInstance("Patient/" + records.patientId()).named("$companion-link")
        .withParameters(in).execute();

    String url = ((UrlType) out.getParameter("url").getValue()).getValue();
    assertThat(url).startsWith(sen.baseUrl() + "/companion/link/");
    Instant expires = ((InstantType) out.getParameter("expires").getValue()).getValue().toInstant();
    assertThat(expires).isBetween(Instant.now().plus(java.time.Duration.ofDays(3)).minusSeconds(120),
        Instant.now().plus(java.time.Duration.ofDays(3)));
    Attachment qr = (Attachment) out.getParameter("qr").getValue();
    assertThat(qr.getContentType()).isEqualTo("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(qr.getData()));
    // read as the clean, upright image it is: the default detector, made for photos, misses ~1 random token in 75
    String decoded = new MultiFormatReader().decode(
        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    assertThat(decoded).isEqualTo(url);

    // Only the token's hash is kept, with the caregiver and the patient.
    String token = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = sen.context().getBean(DataSource.class).getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT related_person_id, used_at FROM companion_link WHERE patient_id = ?")) {
      ps.setString(1, records.patientId());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(records.relatedPersonId());
        assertThat(rs.getTimestamp(2)).isNull();
        assertThat(rs.next()).isFalse();
      }
    }
    try (Connection c = sen.context().getBean(DataSource.class).getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT count(*) FROM companion_link WHERE token_hash = sha256(convert_to(?, 'UTF8'))")) {
      ps.setString(1, token);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }

    HttpResponse<String> first = sen.anonymousGet("/companion/link/" + token);
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
        assertThat(cookie).contains("SEN_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
    assertThat(sen.anonymousGet("/companion/link/" + token).statusCode()).isEqualTo(410);

    // A lost printout: the clinic revokes the patient's unused links.
    CompanionLinks links = sen.context().getBean(CompanionLinks.class);
    String lost = links.issue(records.patientId(), null, java.time.Duration.ofDays(1)).path();
    assertThat(links.revoke(records.patientId())).isEqualTo(1);
    HttpResponse<String> revoked = sen.anonymousGet(lost);
    assertThat(revoked.statusCode()).isEqualTo(410);
    assertThat(revoked.body()).contains("Đường dẫn này đã bị hủy").contains("This link was cancelled");
  }

  @Test
  void refusesCaregiversWithoutConsentUnknownPatientsAndOddValidities(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();
    CompanionRecords records = CompanionRecords.create(fhir);
    records.withdrawConsent();
    Parameters caregiver = new Parameters();
    caregiver.addParameter().setName("relatedPerson").setValue(new Reference("RelatedPerson/" + records.relatedPersonId()));
    assertThatThrownBy(() -> issue(fhir, records.patientId(), caregiver))
        .isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));

    assertThatThrownBy(() -> issue(fhir, "no-such-patient", new Parameters()))
        .isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));

    for (Duration validity : List.of(duration(31, "d"), duration(1, "min"), duration(1, "mo"), duration(-2, "h"),
        duration(1e12, "wk"))) {
      Parameters odd = new Parameters();
      odd.addParameter().setName("validity").setValue(validity);
      assertThatThrownBy(() -> issue(fhir, records.patientId(), odd))
          .isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }
    try (Connection c = sen.context().getBean(DataSource.class).getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM companion_link WHERE patient_id = ?")) {
      ps.setString(1, records.patientId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("nothing issued").isZero();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration duration(double value, String code) {
    Duration d = new Duration();
    d.setValue(value).setCode(code);
    return d;
  }

  private static Parameters issue(IGenericClient fhir, String patientId, Parameters in) {
    return fhir.operation().onInstance("Patient/" + patientId).named("$companion-link").withParameters(in).execute();
  }
}
