package vn.sen.fhir.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sen.fhir.core.Issue;

/**
 * Which problems HAPI's strict JSON parser already refuses, and which pass it and are therefore the
 * write check's: the split the HTTP layer relies on.
 */
class StrictParserAndWriteCheckTest {
  final IParser strict =
      FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
  final StructuralWriteCheck check = new StructuralWriteCheck(FhirContext.forR4Cached());

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"resourceType\":\"Patient\",\"foo\":1}",
    "{\"resourceType\":\"Patient\",\"active\":\"yes\"}",
    "{\"resourceType\":\"Patient\",\"birthDate\":\"2024-13-45\"}",
    "{\"resourceType\":\"Patient\",\"birthDate\":\"\"}",
    "{\"resourceType\":\"Patient\",\"gender\":\"x\"}",
    "{\"resourceType\":\"Patient\",\"gender\":[\"male\",\"female\"]}",
    "{\"resourceType\":\"Patient\",\"deceasedBoolean\":true,\"deceasedDateTime\":\"2020\"}",
    "{\"resourceType\":\"Patient\",\"multipleBirthInteger\":3.5}",
    "{\"resourceType\":\"Patient\",\"photo\":[{\"data\":\"@@@\"}]}",
    "{\"resourceType\":\"Patient\",\"extension\":[{\"valueString\":\"a\"}]}",
    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"a\"},\"effectiveDateTime\":\"2024-05-03T10:00\"}",
  })
  void strictParserRefusesUnknownElementsWrongTypesMalformedPrimitivesAndUnknownCodes(String json) {
    assertThatThrownBy(() -> strict.parseResource(json)).isInstanceOf(DataFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"a\"}}",
    "{\"resourceType\":\"Patient\",\"id\":\"a b c\"}",
    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"a\"},\"effectiveDateTime\":\"2024-05-03T10:00:00\"}",
    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"a\"},\"issued\":\"2024-05-03\"}",
    "{\"resourceType\":\"Patient\",\"communication\":[{\"language\":{\"coding\":[{\"code\":\"vi \"}]}}]}",
    "{\"resourceType\":\"Patient\",\"text\":{\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}}",
  })
  void whatTheStrictParserLetsThroughTheWriteCheckRefuses(String json) {
    Resource parsed = (Resource) strict.parseResource(json);

    assertThat(check.check(parsed)).isNotEmpty().allMatch(i -> i.severity().equals("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // Accepted by both: the parser coerces a string to an integer and reads a bare string as a
    // one-item array, and after parsing nothing shows the JSON was not as R4 writes it.
    "{\"resourceType\":\"Patient\",\"multipleBirthInteger\":\"3\"}",
    "{\"resourceType\":\"Patient\",\"name\":[{\"given\":\"An\"}]}",
  })
  void jsonShapesTheParserToleratesCannotBeSeenAfterParsing(String json) {
    Resource parsed = (Resource) strict.parseResource(json);

    assertThat(check.check(parsed)).extracting(Issue::code).isEmpty();
  }
}
