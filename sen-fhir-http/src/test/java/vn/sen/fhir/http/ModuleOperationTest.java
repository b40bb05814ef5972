package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/** Operations added by domain modules are routed, fed their Parameters and listed in the metadata. */
class ModuleOperationTest extends FhirServerTest {

  /** Echoes the text it was given, upper-cased, with the instance id; refuses an empty text. */
  static final class Shout implements FhirOperation {
    private final boolean affectsState;

    Shout(boolean affectsState) {
      this.affectsState = affectsState;
    }

    @Override
    public String name() {
      return affectsState ? "shout" : "peek";
    }

    @Override
    public String resourceType() {
      return "Patient";
    }

    @Override
    public String definition() {
      return "https://sen.example/OperationDefinition/" + name();
    }

    @Override
    public boolean affectsState() {
      return affectsState;
    }

    @Override
    public Resource invoke(String id, Parameters input) {
      Parameters.ParametersParameterComponent text = input.getParameter("text");
      if (text == null || text.getValue() == null || text.getValue().primitiveValue().isBlank()) {
        throw new FhirException(ErrorCode.INVALID_REQUEST, "text is required", "Parameters.parameter");
      }
      Parameters out = new Parameters();
      out.addParameter("id", id);
      out.addParameter("text", new StringType(text.getValue().primitiveValue().toUpperCase(java.util.Locale.ROOT)));
      return out;
    }
  }

  @Override
  List<FhirOperation> operations() {
    return List.of(new Shout(true), new Shout(false));
  }

  @Test
  void postedParametersReachTheOperationAndItsOutputIsReturned() {
    Reply reply = send("POST", "/Patient/p1/$shout",
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"text\",\"valueString\":\"xin chao\"}]}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("parameter").get(0).path("valueString").asText()).isEqualTo("p1");
    assertThat(reply.json().path("parameter").get(1).path("valueString").asText()).isEqualTo("XIN CHAO");
  }

  @Test
  void operationErrorsBecomeOperationOutcomes() {
    Reply reply = send("POST", "/Patient/p1/$shout", "{\"resourceType\":\"Parameters\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  void aBodyThatIsNotParametersIsRefused() {
    Reply reply = send("POST", "/Patient/p1/$shout", "{\"resourceType\":\"Patient\"}");

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void getInvokesOnlyOperationsThatChangeNothing() {
    assertThat(send("GET", "/Patient/p1/$peek?text=abc", null).json().path("parameter").get(1)
        .path("valueString").asText()).isEqualTo("ABC");
    assertThat(send("GET", "/Patient/p1/$shout?text=abc", null).status()).isEqualTo(405);
  }

  @Test
  void metadataListsTheOperations() {
    assertThat(send("GET", "/metadata", null).body()).contains("https://sen.example/OperationDefinition/shout");
  }
}
