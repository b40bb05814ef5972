package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.fhir.core.index.FhirPathIndexExtractorTest.millis;
import static vn.sen.fhir.core.index.FhirPathIndexExtractorTest.values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.UsageContext;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.sen.fhir.core.search.SearchParamType;

class ValueMappingTest {
  final FhirPathIndexExtractor extractor = new FhirPathIndexExtractor(FhirPathIndexExtractorTest.REGISTRY);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2024, 2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z",
    "2024-02, 2024-02-01T00:00:00Z, 2024-03-01T00:00:00Z",
    "2024-05-03, 2024-05-03T00:00:00Z, 2024-05-04T00:00:00Z",
    "2024-05-03T10:11:12+07:00, 2024-05-03T03:11:12Z, 2024-05-03T03:11:13Z",
    "2024-05-03T10:11:12Z, 2024-05-03T10:11:12Z, 2024-05-03T10:11:13Z",
    "2024-05-03T10:11:12.345-05:00, 2024-05-03T15:11:12.345Z, 2024-05-03T15:11:12.346Z",
  })
  void datesCoverTheirWholePrecision(String value, String low, String highExclusive) {
    assertThat(DateRanges.parse(value))
        .isEqualTo(new IndexValue.DateRange(millis(low), millis(highExclusive) - 1));
  }

  @Test
  void notADateGivesNothing() {
    assertThat(DateRanges.parse("2024-13")).isNull();
    assertThat(DateRanges.parse("hôm qua")).isNull();
    assertThat(DateRanges.parse("2024-05-03T10")).isNull();
  }

  @Test
  void periodWithOpenStartOrEndIsOpenOnThatSide() {
    Condition open = new Condition();
    open.setOnset(new Period().setEndElement(new DateTimeType("2023")));
    Condition closed = new Condition();
    closed.setOnset(new Period().setStartElement(new DateTimeType("2023-01-15"))
        .setEndElement(new DateTimeType("2023-02")));

    assertThat(values(extractor.extract(open), "onset-date"))
        .containsExactly(new IndexValue.DateRange(Long.MIN_VALUE, millis("2024-01-01T00:00:00Z") - 1));
    assertThat(values(extractor.extract(closed), "onset-date")).containsExactly(
        new IndexValue.DateRange(millis("2023-01-15T00:00:00Z"), millis("2023-03-01T00:00:00Z") - 1));
  }

  @Test
  void ageOnsetIsAQuantityAndAbatementStringIsText() {
    Condition c = new Condition();
    c.setOnset(new Age().setValue(62).setSystem("http://unitsofmeasure.org").setCode("a").setUnit("năm"));
    c.setAbatement(new org.hl7.fhir.r4.model.StringType("sau khi mổ"));

    assertThat(values(extractor.extract(c), "onset-age")).containsExactly(
        new IndexValue.Quantity(new BigDecimal("62"), "http://unitsofmeasure.org", "a", "năm"));
    assertThat(values(extractor.extract(c), "abatement-string")).containsExactly(new IndexValue.Text("sau khi mổ"));
    assertThat(values(extractor.extract(c), "onset-info")).isEmpty();
  }

  @Test
  void timingSpansItsEventsOrItsBounds() {
    // No R4 date parameter selects a whole Timing; the mapping is there for custom parameters.
    ValueMapper mapper = new ValueMapper(List.of());
    Timing events = new Timing()
        .addEvent(new Date(millis("2024-05-03T08:00:00Z"))).addEvent(new Date(millis("2024-05-01T08:00:00Z")));
    Timing bounds = new Timing();
    bounds.getRepeat().setBounds(new Period().setStartElement(new DateTimeType("2024-06-01")));
    List<IndexValue> fromEvents = new ArrayList<>();
    List<IndexValue> fromBounds = new ArrayList<>();

    mapper.map(SearchParamType.DATE, events, fromEvents);
    mapper.map(SearchParamType.DATE, bounds, fromBounds);

    assertThat(fromEvents).containsExactly(
        new IndexValue.DateRange(millis("2024-05-01T08:00:00Z"), millis("2024-05-03T08:00:01Z") - 1));
    assertThat(fromBounds).containsExactly(new IndexValue.DateRange(millis("2024-06-01T00:00:00Z"), Long.MAX_VALUE));
  }

  @Test
  void lastUpdatedComesFromMeta() {
    Patient p = new Patient();
    p.getMeta().setLastUpdatedElement(new InstantType("2024-05-03T10:11:12.345Z"));

    assertThat(values(extractor.extract(p), "_lastUpdated")).containsExactly(
        new IndexValue.DateRange(millis("2024-05-03T10:11:12.345Z"), millis("2024-05-03T10:11:12.345Z")));
  }

  @Test
  void numberKeepsTheDecimalAsWrittenAndRangeGivesLowAndHigh() {
    RiskAssessment r = new RiskAssessment();
    r.addPrediction().setProbability(new org.hl7.fhir.r4.model.DecimalType("0.020"));

    r.addPrediction().setProbability(new Range()
        .setLow(new Quantity().setValue(new BigDecimal("0.1"))).setHigh(new Quantity().setValue(new BigDecimal("0.25"))));

    assertThat(values(extractor.extract(r), "probability")).containsExactly(
        new IndexValue.Number(new BigDecimal("0.020")), new IndexValue.Number(new BigDecimal("0.1")),
        new IndexValue.Number(new BigDecimal("0.25")));
  }

  @Test
  void moneyIsAnIso4217Quantity() {
    ChargeItem c = new ChargeItem();
    c.setPriceOverride(new Money().setValue(new BigDecimal("150000")).setCurrency("VND"));

    assertThat(values(extractor.extract(c), "price-override")).containsExactly(
        new IndexValue.Quantity(new BigDecimal("150000"), "urn:iso:std:iso:4217", "VND", "VND"));
  }

  @Test
  void canonicalReferenceKeepsItsVersionAndUriIsAsWritten() {
    CarePlan m = new CarePlan();
    m.addInstantiatesCanonical("http://sen.vn/PlanDefinition/tang-huyet-ap|1.2");
    m.addInstantiatesUri("urn:oid:1.2.3");
    Questionnaire q = new Questionnaire();
    q.setUrl("http://sen.vn/Questionnaire/phq9");
    q.setStatus(PublicationStatus.ACTIVE);

    assertThat(values(extractor.extract(m), "instantiates-canonical")).containsExactly(
        new IndexValue.Reference(null, null, "http://sen.vn/PlanDefinition/tang-huyet-ap|1.2"));
    assertThat(values(extractor.extract(m), "instantiates-uri")).containsExactly(new IndexValue.Uri("urn:oid:1.2.3"));
    assertThat(values(extractor.extract(q), "url")).containsExactly(new IndexValue.Uri("http://sen.vn/Questionnaire/phq9"));
  }

  @Test
  void contextQuantityCompositeUsesRangeBothEnds() {
    Questionnaire q = new Questionnaire();
    q.addUseContext(new UsageContext(new Coding("http://terminology.hl7.org/CodeSystem/usage-context-type", "age", null),
        new Range().setLow(new Quantity(65)).setHigh(new Quantity(80))));

    List<IndexValue> composites = values(extractor.extract(q), "context-type-quantity");

    assertThat(composites).hasSize(2);
    assertThat(((IndexValue.Composite) composites.get(0)).components().get(0))
        .isEqualTo(IndexValue.Token.of("http://terminology.hl7.org/CodeSystem/usage-context-type", "age"));
  }

  @Test
  void codeableConceptWithOnlyTextGivesATextToken() {
    Condition c = new Condition();
    c.setCode(new CodeableConcept().setText("Đau đầu"));

    assertThat(values(extractor.extract(c), "code")).containsExactly(new IndexValue.Token(null, null, "Đau đầu", null, null));
  }

  @Test
  void locationNearIsAPosition() {
    Location l = new Location();
    l.getPosition().setLatitude(16.4637).setLongitude(107.5909);

    assertThat(values(extractor.extract(l), "near")).containsExactly(new IndexValue.Position(16.4637, 107.5909));
  }

  @Test
  void duplicateValuesOfOneParameterAreKeptOnce() {
    Condition c = new Condition();
    c.setSubject(new Reference("Patient/p1"));
    c.addEvidence().addDetail(new Reference("Observation/o1")).addDetail(new Reference("Observation/o1"));

    assertThat(values(extractor.extract(c), "evidence-detail"))
        .containsExactly(new IndexValue.Reference("Observation", "o1", null));
    assertThat(Set.copyOf(extractor.extract(c).values())).hasSize(extractor.extract(c).values().size());
  }
}
