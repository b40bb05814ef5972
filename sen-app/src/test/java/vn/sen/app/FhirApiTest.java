package vn.sen.app;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The FHIR API as mounted by the application, driven by HAPI FHIR's generic client. */
@ExtendWith(SenServer.class)
class FhirApiTest {

  private static Patient patient(String family, String given) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven(given);
    p.setGender(AdministrativeGender.FEMALE);
    return p;
  }

  @Test
  void metadataIsAnR4CapabilityStatement(SenServer.Running sen) {
    CapabilityStatement cs = sen.fhirClient().capabilities().ofType(CapabilityStatement.class).execute();

    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(cs.getRest()).isNotEmpty();
  }

  @Test
  void createsReadsAndFindsAPatientByNameWithoutDiacritics(SenServer.Running sen) {
    IGenericClient fhir = sen.fhirClient();

    MethodOutcome created = fhir.create().resource(patient("Nguyễn", "Thị Hoà")).execute();
    String id = created.getId().getIdPart();

    Patient read = fhir.read().resource(Patient.class).withId(id).execute();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Nguyễn");
    assertThat(read.getMeta().getVersionId()).isEqualTo("1");

    Bundle found = fhir.search().forResource(Patient.class)
        .where(Patient.FAMILY.matches().value("nguyen"))
        .and(Patient.GIVEN.matches().value("thi hoa"))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id);
  }

  @Test
  void transactionResolvesTemporaryReferences(SenServer.Running sen) {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:7f1c6a2e-0000-4000-8000-000000000001")
        .setResource(patient("Trần", "Văn Bình"))
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    Observation obs = new Observation();
    obs.setStatus(Observation.ObservationStatus.FINAL);
    obs.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    obs.setSubject(new Reference("urn:uuid:7f1c6a2e-0000-4000-8000-000000000001"));
    tx.addEntry().setResource(obs).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

    Bundle response = sen.fhirClient().transaction().withBundle(tx).execute();

    assertThat(response.getEntry()).hasSize(2);
    IdType patient = new IdType(response.getEntry().get(0).getResponse().getLocation());
    IdType observation = new IdType(response.getEntry().get(1).getResponse().getLocation());
    assertThat(patient.getResourceType()).isEqualTo("Patient");
    Observation stored =
        sen.fhirClient().read().resource(Observation.class).withId(observation.getIdPart()).execute();
    assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patient.getIdPart());
  }

  @Test
  void unencodedPipeInATokenSearchIsAccepted(SenServer.Running sen) throws Exception {
    // java.net.http refuses to send a raw "|", as curl and many integrations do: write the request by hand.
    URI base = URI.create(sen.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.getOutputStream().write(("GET /fhir/Observation?code=http://loinc.org|8867-4 HTTP/1.1\r\n"
          + "Host: " + base.getAuthority() + "\r\nAccept: application/fhir+json\r\nConnection: close\r\n"
          + "Authorization: Bearer " + sen.systemToken() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 200").contains("\"resourceType\":\"Bundle\"");
    }
  }

  @Test
  void homePageLinksTheCapabilityStatement(SenServer.Running sen) {
    assertThat(sen.get("/").body()).contains("href=\"/fhir/metadata\"");
  }
}
