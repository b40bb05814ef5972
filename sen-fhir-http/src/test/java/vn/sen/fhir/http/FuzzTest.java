package vn.sen.fhir.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random garbage in paths, headers and bodies must always be answered with a 4xx, never a 500. */
class FuzzTest extends FhirServerTest {
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO");
  private static final List<String> PATHS = List.of("", "/", "/Patient", "/Patient/1", "/Patient/1/_history",
      "/Patient/1/_history/1", "/Patient/_search", "/_history", "/metadata", "/Patient/1/$everything",
      "/Patient/$validate", "/Patient/1/Observation", "/Observation?code=", "/?_type=", "/_search");
  private static final List<String> CONTENT_TYPES = List.of("application/fhir+json", "application/fhir+xml",
      "application/json-patch+json", "application/x-www-form-urlencoded", "text/plain", "", "application/json;x");
  private static final List<String> BODIES = List.of("", "{", "[]", "null", "<", "<x/>", "{\"resourceType\":1}",
      "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{}]}",
      "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"PUT\",\"url\":\"/\"}}]}",
      "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"Patient?_id=%\"}}]}",
      "{\"resourceType\":\"Patient\",\"id\":\"../../x\"}", "[{\"op\":\"remove\",\"path\":\"/\"}]",
      "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]", "{\"resourceType\":\"Patient\",\"birthDate\":[1,2]}",
      "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"\"/></Patient>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
      "_id=%&_count=-1", "\u0000\u0001\u00ff");
  private static final List<String> QUERIES = List.of("", "?_format=xml", "?_format=%", "?_count=99999999999",
      "?_sort=-nope", "?_include=*", "?_summary=count", "?_elements=,,", "?_since=x", "?_id=a,b,", "?name:exact=",
      "?birthdate=ge", "?_has:Observation:patient:code=1", "?subject.name=x", "?_offset=-1", "?&&=&");
  private static final List<String> HEADERS = List.of("", "If-Match: W/\"x\"\r\n", "If-None-Match: *\r\n",
      "If-Modified-Since: garbage\r\n", "Prefer: return=minimal\r\n", "Prefer: handling=strict\r\n",
      "If-None-Exist: \r\n", "If-None-Exist: %%%\r\n", "Accept: */*\r\n", "Accept: application/fhir+xml\r\n");

  @ParameterizedTest
  @ValueSource(longs = {20261122L, 7L, 99L, 4242L})
  void randomRequestsNeverCauseAServerError(long seed) {
    Random random = new Random(seed);
    createPatient("Fuzz");
    for (int i = 0; i < 500; i++) {
      String method = pick(random, METHODS);
      String target = "/fhir" + (random.nextInt(4) == 0 ? randomPath(random) : pick(random, PATHS))
          + (random.nextInt(4) == 0 ? randomQuery(random) : pick(random, QUERIES));
      String contentType = pick(random, CONTENT_TYPES);
      String headers = pick(random, HEADERS) + (contentType.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n");
      byte[] body = random.nextInt(5) == 0 ? garbage(random) : pick(random, BODIES).getBytes(StandardCharsets.UTF_8);

      RawReply reply = raw(method, target, headers, body);

      assertThat(reply.status()).as("%s %s %s -> %s", method, target, headers, reply.body())
          .isBetween(200, 499);
    }
  }

  /** Segments of random bytes, percent-encoded so that they reach the servlet. */
  private static String randomPath(Random random) {
    StringBuilder sb = new StringBuilder();
    int segments = 1 + random.nextInt(5);
    for (int i = 0; i < segments; i++) {
      sb.append('/');
      if (random.nextBoolean()) {
        sb.append(pick(random, List.of("Patient", "_history", "$everything", "$validate", "_search", "1", "Observation")));
        continue;
      }
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) {
        int b = random.nextInt(256);
        if (Character.isLetterOrDigit(b) && b < 128) {
          sb.append((char) b);
        } else {
          sb.append('%').append(String.format("%02X", b));
        }
      }
    }
    return sb.toString();
  }

  private static String randomQuery(Random random) {
    StringBuilder sb = new StringBuilder("?");
    int params = 1 + random.nextInt(4);
    for (int i = 0; i < params; i++) {
      sb.append(pick(random, List.of("_id", "name", "_count", "_offset", "_sort", "_include", "_summary",
          "_elements", "identifier", "birthdate", "subject:Patient", "_has:Observation:subject:code", "_type",
          "_format", "_total", "general-practitioner.name", "code:text")));
      sb.append('=');
      int length = random.nextInt(10);
      for (int j = 0; j < length; j++) {
        sb.append(pick(random, List.of("a", "1", "|", ",", "$", ":", "-", "%25", "%7C", "ge", "2024", "*", ".", "\\")));
      }
      sb.append('&');
    }
    return sb.toString();
  }

  private static String pick(Random random, List<String> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static byte[] garbage(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    if (bytes.length > 0) {
      bytes[0] = (byte) (random.nextBoolean() ? '{' : '<');
    }
    return bytes;
  }
}
