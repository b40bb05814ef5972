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

  /** A type-level operation ({@code Patient/$count-words}): no instance, the empty string as id. */
  static final class CountWords implements FhirOperation {
    @Override
    public String name() {
      return "count-words";
    }

    @Override
    public String resourceType() {
      return "Patient";
    }

    @Override
    public String definition() {
      return "https://sen.example/OperationDefinition/count-words";
    }

    @Override
    public boolean affectsState() {
      return false;
    }

    @Override
    public boolean typeLevel() {
      return true;
    }

    @Override
    public Resource invoke(String id, Parameters input) {
      String text = input.getParameter("text") == null ? "" : input.getParameter("text").getValue().primitiveValue();
      Parameters out = new Parameters();
      out.addParameter("id", "[" + id + "]");
      out.addParameter("words", text.isBlank() ? 0 : text.strip().split("\\s+").length);
      return out;
    }
  }

  @Override
  List<FhirOperation> operations() {
    return List.of(new Shout(true), new Shout(false), new CountWords());
  }

  @Test
  void aTypeLevelOperationIsInvokedOnTheTypeOnly() {
    Reply reply = send("POST", "/Patient/$count-words",
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"text\",\"valueString\":\"mot hai ba\"}]}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("parameter").get(0).path("valueString").asText()).isEqualTo("[]");
    assertThat(reply.json().path("parameter").get(1).path("valueInteger").asInt()).isEqualTo(3);
    assertThat(send("GET", "/Patient/$count-words?text=a%20b", null).json().path("parameter").get(1)
        .path("valueInteger").asInt()).isEqualTo(2);
    // not on an instance, and an instance-level operation not on the type
    assertThat(send("POST", "/Patient/p1/$count-words", "{\"resourceType\":\"Parameters\"}").status())
        .isBetween(400, 404);
    assertThat(send("POST", "/Patient/$shout", "{\"resourceType\":\"Parameters\"}").status()).isBetween(400, 404);
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
