package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.search.SearchParameterRegistry;

class FhirPathIndexExtractorTest {
  static final SearchParameterRegistry REGISTRY = new SearchParameterRegistry(FhirContext.forR4Cached());
  static final String LOINC = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";

  final FhirPathIndexExtractor extractor =
      new FhirPathIndexExtractor(REGISTRY, Set.of("https://sen.example/fhir"));

  static List<IndexValue> values(Extraction extraction, String code) {
    return extraction.values().stream()
        .filter(v -> v.param().code().equals(code))
        .map(IndexedValue::value)
        .toList();
  }

  static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  Patient vietnamesePatient() {
    Patient p = new Patient();
    p.setId("p1");
    p.addName().setFamily("Nguyễn").addGiven("Thị").addGiven("Hoa").setText("Nguyễn Thị Hoa");
    p.setGender(AdministrativeGender.FEMALE);
    p.setBirthDateElement(new DateType("1950-03"));
    p.addAddress(new Address().addLine("12 Lê Lợi").setCity("Huế").setDistrict("Phú Hội").setCountry("VN"));
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("0901234567");
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("hoa@example.vn");
    Identifier cccd = p.addIdentifier().setSystem("urn:vn:cccd").setValue("001150000001");
    cccd.getType().setText("Căn cước công dân")
        .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "NI", null));
    return p;
  }

  @Test
  void patientNamesKeepVietnameseDiacriticsAndSplitIntoParts() {
    Extraction e = extractor.extract(vietnamesePatient());

    assertThat(values(e, "family")).containsExactly(new IndexValue.Text("Nguyễn"));
    assertThat(values(e, "given")).containsExactly(new IndexValue.Text("Thị"), new IndexValue.Text("Hoa"));
    assertThat(values(e, "name")).containsExactly(
        new IndexValue.Text("Nguyễn"), new IndexValue.Text("Thị"), new IndexValue.Text("Hoa"),
        new IndexValue.Text("Nguyễn Thị Hoa"));
    assertThat(values(e, "address")).containsExactly(
        new IndexValue.Text("12 Lê Lợi"), new IndexValue.Text("Huế"), new IndexValue.Text("Phú Hội"),
        new IndexValue.Text("VN"));
    assertThat(values(e, "address-city")).containsExactly(new IndexValue.Text("Huế"));
  }

  @Test
  void nameWithoutTextIsAlsoIndexedWholeInBothOrders() {
    org.hl7.fhir.r4.model.Patient p = new org.hl7.fhir.r4.model.Patient();
    p.addName().setFamily("Nguyễn").addGiven("Văn").addGiven("An");

    Extraction e = extractor.extract(p);

    assertThat(values(e, "name")).contains(new IndexValue.Text("Nguyễn Văn An"), new IndexValue.Text("Văn An Nguyễn"));
    assertThat(values(e, "family")).containsExactly(new IndexValue.Text("Nguyễn"));
  }

  @Test
  void patientTokensCoverGenderTelecomIdentifierTypeAndId() {
    Extraction e = extractor.extract(vietnamesePatient());

    assertThat(values(e, "_id")).containsExactly(IndexValue.Token.of(null, "p1"));
    assertThat(values(e, "gender")).containsExactly(IndexValue.Token.of(null, "female"));
    assertThat(values(e, "phone")).containsExactly(IndexValue.Token.of("phone", "0901234567"));
    assertThat(values(e, "email")).containsExactly(IndexValue.Token.of("email", "hoa@example.vn"));
    assertThat(values(e, "telecom")).hasSize(2);
    assertThat(values(e, "identifier")).containsExactly(new IndexValue.Token(
        "urn:vn:cccd", "001150000001", "Căn cước công dân",
        "http://terminology.hl7.org/CodeSystem/v2-0203", "NI"));
    assertThat(values(e, "deceased")).containsExactly(IndexValue.Token.of(null, "false"));
    assertThat(values(e, "birthdate")).containsExactly(
        new IndexValue.DateRange(millis("1950-03-01T00:00:00Z"), millis("1950-04-01T00:00:00Z") - 1));
  }

  @Test
  void deceasedIsTrueForADeathDateOrTrueAndFalseForFalse() {
    Patient dead = new Patient();
    dead.setDeceased(new DateTimeType("2024-01-02"));
    Patient alive = new Patient();
    alive.setDeceased(new BooleanType(false));

    assertThat(values(extractor.extract(dead), "deceased")).containsExactly(IndexValue.Token.of(null, "true"));
    assertThat(values(extractor.extract(dead), "death-date")).containsExactly(
        new IndexValue.DateRange(millis("2024-01-02T00:00:00Z"), millis("2024-01-03T00:00:00Z") - 1));
    assertThat(values(extractor.extract(alive), "deceased")).containsExactly(IndexValue.Token.of(null, "false"));
  }

  @Test
  void patientIsInItsOwnCompartment() {
    assertThat(extractor.extract(vietnamesePatient()).patientCompartment()).isEqualTo("p1");
  }

  @Test
  void aTaskForAPatientIsInTheirCompartmentThoughR4LeavesTasksOut() {
    org.hl7.fhir.r4.model.Task task = new org.hl7.fhir.r4.model.Task();
    task.setFor(new Reference("Patient/p7"));
    task.setOwner(new Reference("Organization/o1"));
    org.hl7.fhir.r4.model.Task about = new org.hl7.fhir.r4.model.Task();
    about.setFor(new Reference("Group/g1"));

    assertThat(extractor.extract(task).patientCompartment()).isEqualTo("p7");
    assertThat(extractor.extract(about).patientCompartment()).isNull();
  }

  Observation glucose() {
    Observation o = new Observation();
    o.setId("o1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(LOINC, "2339-0", "Glucose")).setText("Đường huyết");
    o.setSubject(new Reference("Patient/p1"));
    o.setPerformer(List.of(new Reference("Practitioner/d1")));
    o.setEffective(new Period().setStartElement(new DateTimeType("2024-05-03T08:00:00+07:00")));
    o.setValue(new Quantity().setValue(new BigDecimal("6.10")).setSystem(UCUM).setCode("mmol/L").setUnit("mmol/L"));
    return o;
  }

  @Test
  void observationCodeValueAndOpenPeriod() {
    Extraction e = extractor.extract(glucose());

    assertThat(values(e, "code")).containsExactly(new IndexValue.Token(LOINC, "2339-0", "Đường huyết", null, null));
    assertThat(values(e, "status")).containsExactly(IndexValue.Token.of(null, "final"));
    IndexValue.Quantity q = new IndexValue.Quantity(new BigDecimal("6.10"), UCUM, "mmol/L", "mmol/L");
    assertThat(values(e, "value-quantity")).containsExactly(q);
    assertThat(((IndexValue.Quantity) values(e, "value-quantity").get(0)).value().scale()).isEqualTo(2);
    assertThat(values(e, "date")).containsExactly(
        new IndexValue.DateRange(millis("2024-05-03T01:00:00Z"), Long.MAX_VALUE));
    assertThat(values(e, "code-value-quantity")).containsExactly(new IndexValue.Composite(
        List.of(new IndexValue.Token(LOINC, "2339-0", "Đường huyết", null, null), q)));
    assertThat(values(e, "patient")).containsExactly(new IndexValue.Reference("Patient", "p1", null));
    assertThat(values(e, "subject")).containsExactly(new IndexValue.Reference("Patient", "p1", null));
    assertThat(e.patientCompartment()).isEqualTo("p1");
  }

  @Test
  void bloodPressureComponentsGiveOneCompositePerComponent() {
    Observation bp = new Observation();
    bp.getCode().addCoding(new Coding(LOINC, "85354-9", null));
    bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", null)))
        .setValue(new Quantity().setValue(140).setSystem(UCUM).setCode("mm[Hg]"));
    bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", null)))
        .setValue(new Quantity().setValue(90).setSystem(UCUM).setCode("mm[Hg]"));

    Extraction e = extractor.extract(bp);

    assertThat(values(e, "component-code-value-quantity")).containsExactly(
        new IndexValue.Composite(List.of(IndexValue.Token.of(LOINC, "8480-6"),
            new IndexValue.Quantity(new BigDecimal("140"), UCUM, "mm[Hg]", null))),
        new IndexValue.Composite(List.of(IndexValue.Token.of(LOINC, "8462-4"),
            new IndexValue.Quantity(new BigDecimal("90"), UCUM, "mm[Hg]", null))));
    assertThat(values(e, "code-value-quantity")).isEmpty();
    assertThat(values(e, "combo-code-value-quantity")).hasSize(2);
    assertThat(values(e, "combo-code")).hasSize(3);
  }

  @Test
  void referenceFormsMapToLocalTargetsUrlsOrNothing() {
    Observation o = new Observation();
    o.addBasedOn(new Reference("ServiceRequest/s1/_history/3"));
    o.addBasedOn(new Reference("https://sen.example/fhir/CarePlan/c1"));
    o.addBasedOn(new Reference("https://other.example/fhir/CarePlan/c2"));
    o.addBasedOn(new Reference("#contained1"));
    o.addBasedOn(new Reference("urn:uuid:0d5e9a3c-8f51-4d6e-9a3e-111111111111"));
    o.addBasedOn(new Reference().setIdentifier(new Identifier().setSystem("urn:his").setValue("RX-9")));

    assertThat(values(extractor.extract(o), "based-on")).containsExactly(
        new IndexValue.Reference("ServiceRequest", "s1", null),
        new IndexValue.Reference("CarePlan", "c1", null),
        new IndexValue.Reference(null, null, "https://other.example/fhir/CarePlan/c2"),
        IndexValue.Token.of("urn:his", "RX-9"));
  }

  @Test
  void subjectThatIsNotAPatientGivesNoPatientValueAndNoCompartment() {
    Observation o = new Observation();
    o.setSubject(new Reference("Group/g1"));

    Extraction e = extractor.extract(o);

    assertThat(values(e, "patient")).isEmpty();
    assertThat(values(e, "subject")).containsExactly(new IndexValue.Reference("Group", "g1", null));
    assertThat(e.patientCompartment()).isNull();
  }

  @Test
  void compartmentComesFromAnotherPatientParameterWhenTheSubjectIsNotAPatient() {
    Observation o = new Observation();
    o.setSubject(new Reference("Group/g1"));
    o.addPerformer(new Reference("Practitioner/d1"));
    o.addPerformer(new Reference("Patient/p9"));

    assertThat(extractor.extract(o).patientCompartment()).isEqualTo("p9");
  }

  @Test
  void patientParameterIsPreferredOverOtherPatientReferences() {
    Observation o = new Observation();
    o.addPerformer(new Reference("Patient/p9"));
    o.setSubject(new Reference("Patient/p1"));

    assertThat(extractor.extract(o).patientCompartment()).isEqualTo("p1");
  }

  @Test
  void concurrentExtractionGivesTheSameResultsAsSequential() throws Exception {
    FhirPathIndexExtractor fresh = new FhirPathIndexExtractor(REGISTRY);
    List<Resource> resources = List.of(vietnamesePatient(), glucose(), new Organization().setName("Bệnh viện"));
    List<Extraction> expected = resources.stream().map(extractor::extract).toList();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<List<Extraction>>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> resources.stream().map(fresh::extract).toList()));
      }
      for (var f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    }
  }

  @Test
  void encounterBelongsToItsSubjectsCompartmentAndOrganizationToNone() {
    Encounter enc = new Encounter();
    enc.addParticipant().setIndividual(new Reference("Practitioner/d1"));
    enc.setSubject(new Reference("Patient/p7"));
    Organization org = new Organization();
    org.setId("org1");
    org.setName("Trạm Y tế xã Phú Hội");

    assertThat(extractor.extract(enc).patientCompartment()).isEqualTo("p7");
    assertThat(extractor.extract(org).patientCompartment()).isNull();
    assertThat(values(extractor.extract(org), "name")).containsExactly(new IndexValue.Text("Trạm Y tế xã Phú Hội"));
  }

  @Test
  void extractionDoesNotChangeTheResource() {
    Resource p = vietnamesePatient();
    String before = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(p);
    extractor.extract(p);
    extractor.extract(glucose());
    assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(p)).isEqualTo(before);
  }
}
