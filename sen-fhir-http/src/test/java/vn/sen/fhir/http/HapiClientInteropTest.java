package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The HAPI FHIR generic client, a real FHIR client, against the servlet. */
class HapiClientInteropTest extends FhirServerTest {

  private IGenericClient client() {
    return CONTEXT.newRestfulGenericClient(base);
  }

  @Test
  void hapiClientCreatesReadsUpdatesSearchesAndDeletes() {
    IGenericClient fhir = client();
    Patient patient = new Patient();
    patient.addName().setFamily("Nguyễn").addGiven("Thị");
    patient.addIdentifier().setSystem("urn:test:mrn").setValue("H1");

    MethodOutcome created = fhir.create().resource(patient).execute();
    String id = created.getId().getIdPart();
    Patient read = fhir.read().resource(Patient.class).withId(id).execute();
    read.setGender(AdministrativeGender.FEMALE);
    MethodOutcome updated = fhir.update().resource(read).execute();
    Bundle found = fhir.search().forResource(Patient.class).where(Patient.RES_ID.exactly().code(id))
        .returnBundle(Bundle.class).execute();
    fhir.delete().resourceById("Patient", id).execute();

    assertThat(created.getCreated()).isTrue();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Nguyễn");
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
    assertThat(found.getEntry()).hasSize(1);
    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(ResourceGoneException.class);
    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId("missing").execute())
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void hapiClientRunsATransactionAndReadsTheCapabilityStatement() {
    IGenericClient fhir = client();
    Patient patient = new Patient();
    patient.setId("urn:uuid:6f1b8a2e-0000-4000-8000-0000000000b1");
    patient.addName().setFamily("Tran");
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("pulse");
    observation.setSubject(new Reference(patient.getIdElement().getValue()));
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    transaction.addEntry().setFullUrl(patient.getIdElement().getValue()).setResource(patient)
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    transaction.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

    Bundle response = fhir.transaction().withBundle(transaction).execute();
    CapabilityStatement cs = fhir.capabilities().ofType(CapabilityStatement.class).execute();

    assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
    String patientId = response.getEntry().get(0).getResponse().getLocation().split("/")[5];
    Observation stored = (Observation) response.getEntry().get(1).getResource();
    assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patientId);
    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
  }
}
