package vn.sen.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.app.SenServer;

/**
 * No request a client can send makes the FHIR endpoint answer 5xx: 3,000 requests from a seeded generator
 * (same seed, same requests) with random methods, paths, search parameters with modifiers and prefixes,
 * injection attempts, malformed escapes, odd headers and broken bodies (truncated and mistyped JSON, huge
 * numbers, deep nesting, XML entity bombs, random bytes). Every 4xx must carry an OperationOutcome, and
 * afterwards the database still answers: a sentinel Patient is read and found by its identifier.
 *
 * <p>Requests are written by hand ({@link RawHttp}) so that targets {@code java.net.http} would refuse
 * still reach the server. Request targets stay within what Tomcat hands to the application (no raw
 * spaces or control bytes in the request line). Some path segments are refused by Tomcat (or
 * normalised out of {@code /fhir}) before Sen sees them: an encoded NUL, slash or malformed escape, raw
 * non-ASCII, dot segments, the TRACE method, and request lines beyond Tomcat's 8 KB header limit. Those are still sent and must not give 5xx, but their
 * answer is the container's, not Sen's, so no OperationOutcome is required of them; they are counted
 * apart in the log.
 */
@ExtendWith(SenServer.class)
class NoServerErrorFuzzTest {
  private static final Logger log = LoggerFactory.getLogger(NoServerErrorFuzzTest.class);
  private static final int REQUESTS = 3_000;
  private static final long SEED = 20_261_122L;
  private static final String SENTINEL_SYSTEM = "urn:sen:fuzz-sentinel";

  /** Path pieces Tomcat refuses or normalises away before the FHIR servlet is called. */
  private static final java.util.regex.Pattern CONTAINER_REFUSED =
      java.util.regex.Pattern.compile("%00|%zz|%C3%28|%2F|/\\.\\.?(/|$)|%2e%2e|[^\\x00-\\x7f]");

  /** Tomcat's default limit on the request line and headers: longer requests get its own 400. */
  private static final int TOMCAT_HEADER_LIMIT = 8 * 1024 - 512;

  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "PUT", "PUT", "DELETE", "PATCH",
      "HEAD", "OPTIONS", "TRACE", "FOO"};
  private static final String[] TYPES = {"Patient", "Patient", "Observation", "Encounter", "Bundle",
      "MedicationRequest", "Condition", "Organization", "patient", "Patients", "Resource", "DomainResource", "",
      "$everything", "_history", "metadata", "_search", "%00", "%zz", "%C3%28", "%27%3B", "Patient%2FObservation",
      "..", ".", "%2e%2e", "x".repeat(300)};
  private static final String[] SECOND = {"1", "fuzz-1", "fuzz-2", "_history", "_search", "$validate",
      "$everything", "$meta", "%00", "%zz", "a%20b", "-", "x".repeat(65), "x".repeat(64), "%27%20or%201%3D1--",
      "é", "%C3%A9", "..", "_"};
  private static final String[] THIRD = {"_history", "$everything", "$validate", "Observation", "Patient",
      "Foo", "_search", "%00"};
  private static final String[] VERSIONS = {"1", "0", "-1", "abc", "99999999999999999999", "1.5", "%00"};

  private static final String[] PARAMS = {"_id", "name", "family", "given", "birthdate", "gender", "identifier",
      "telecom", "address-city", "general-practitioner", "organization", "subject", "patient", "code", "date",
      "value-quantity", "code-value-quantity", "combo-code-value-quantity", "status", "_lastUpdated", "_count",
      "_offset", "_sort", "_include", "_revinclude", "_summary", "_elements", "_total", "_format", "_pretty",
      "_has:Observation:subject:code", "_has:Observation", "_has", "subject:Patient.name", "subject.name",
      "patient.organization.name", "_tag", "_profile", "_security", "_list", "_text", "_content", "_type",
      "_since", "_at", "url", "unknown-param", "", "%00", "%zz", "name%00", "a.b.c.d.e.f"};
  private static final String[] MODIFIERS = {"", "", "", ":exact", ":contains", ":missing", ":not", ":text",
      ":of-type", ":above", ":below", ":Patient", ":iterate", ":in", ":not-in", ":identifier", ":type", ":bogus", ":",
      "::", ":Patient:iterate"};
  private static final String[] PREFIXES = {"", "", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap", "xx", "e"};
  private static final String[] VALUES = {"2020", "2020-02", "2020-02-30", "2020-13-01", "2020-01-01T10:00:00Z",
      "2020-01-01T25:61:61+99:00", "1970-01-01T00:00:00.123456789+07:00", "-1", "0", "1e309", "1e-400",
      "99999999999999999999999999999999", "NaN", "Infinity", "5.4|http://unitsofmeasure.org|mg", "|", "||", "|||",
      "http://loinc.org|", "|8867-4", "a\\,b", "a\\$b", "\\", "a,b,,c", "$", "Patient/1", "Patient/", "/", "//",
      "Observation/1/_history/x", "http://example.org/fhir/Patient/1", "urn:uuid:bad", "nguyen", "Nguyễn", "đ",
      "'; drop table resource;--", "\" or 1=1 --", "1; select pg_sleep(0)", "$$; drop table x; $$", "%00", "%zz",
      "%", "%C3%28", "%F0%9F%98%80", "true", "false", "missing", "-name,_id,birthdate", "Patient:general-practitioner",
      "Patient:*", "*", "summary", "count", "accurate", "json", "xml", "ttl", "-5", "1000000", "id,name,bogus",
      "..", "<script>alert(1)</script>", "{\"a\":1}", "${jndi:ldap://x}"};

  private static final String PATIENT = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Fuzz\"}],"
      + "\"birthDate\":\"1970-01-01\",\"identifier\":[{\"system\":\"urn:sen:fuzz\",\"value\":\"1\"}]}";
  private static final String[] CONTENT_TYPES = {"application/fhir+json", "application/fhir+json",
      "application/json", "application/fhir+xml", "application/xml", "text/xml", "text/plain",
      "application/json-patch+json", "application/x-www-form-urlencoded", "", "garbage/;;;",
      "application/fhir+json; charset=latin1", "application/fhir+json; fhirVersion=3.0", "multipart/form-data"};
  private static final String[] ACCEPTS = {"application/fhir+json", "application/fhir+xml", "application/json",
      "*/*", "text/html", "garbage", "", "application/fhir+json;fhirVersion=3.0", "application/xml;q=0.1, */*;q=0"};
  private static final String[] IF_MATCH = {"W/\"1\"", "\"1\"", "W/\"abc\"", "W/\"-1\"", "*", "W/\"99999999999999999999\"",
      "garbage", "W/"};
  private static final String[] PREFER = {"return=minimal", "return=representation", "return=OperationOutcome",
      "handling=strict", "handling=lenient", "handling=bogus", "return=", "respond-async", ";;;"};

  @Test
  void noRequestMakesTheServerFailAndTheDatabaseStillAnswersAfterwards(SenServer.Running sen) {
    URI base = URI.create(sen.baseUrl());
    RawHttp raw = new RawHttp(base.getHost(), base.getPort());
    FhirHttp http = new FhirHttp(sen.baseUrl());
    String sentinel = "{\"resourceType\":\"Patient\",\"id\":\"fuzz-sentinel\",\"identifier\":[{\"system\":\""
        + SENTINEL_SYSTEM + "\",\"value\":\"S-1\"}],\"name\":[{\"family\":\"Sentinel\"}]}";
    assertThat(http.put("/Patient/fuzz-sentinel", sentinel).status()).isIn(200, 201);

    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    List<String> serverErrors = new ArrayList<>();
    int containerLevel = 0;
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      String method = pick(random, METHODS);
      String target = "/fhir" + path(random) + query(random);
      Map<String, String> headers = headers(random);
      byte[] body = random.nextInt(3) == 0 && !method.equals("POST") && !method.equals("PUT")
          && !method.equals("PATCH") ? new byte[0] : body(random);
      RawHttp.Answer answer = raw.send(method, target, headers, body);
      statuses.merge(answer.status(), 1, Integer::sum);
      boolean container = method.equals("TRACE") || target.length() > TOMCAT_HEADER_LIMIT
          || CONTAINER_REFUSED.matcher(target.split("\\?")[0]).find();
      containerLevel += container ? 1 : 0;
      String problem = problem(method, answer, container);
      if (problem != null) {
        String line = "#" + i + " " + method + " " + RawHttp.abbreviate(target) + " " + headers + " body "
            + RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?"))
            + " → " + problem;
        List<String> list = answer.status() >= 500 ? serverErrors : failures;
        if (list.size() < 30) {
          list.add(line);
        }
      }
    }
    log.info("Fuzz: {} requests ({} refused at container level), statuses {}", REQUESTS, containerLevel, statuses);

    assertThat(serverErrors).as("requests answered with 5xx").isEmpty();
    assertThat(failures).as("4xx answers without an OperationOutcome").isEmpty();
    FhirHttp.Reply read = http.get("/Patient/fuzz-sentinel");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("identifier").get(0).path("value").asText()).isEqualTo("S-1");
    FhirHttp.Reply found = http.get("/Patient?identifier=" + FhirHttp.enc(SENTINEL_SYSTEM + "|S-1"));
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("entry").get(0).path("resource").path("id").asText()).isEqualTo("fuzz-sentinel");
  }

  /** Null when acceptable: below 500, and any 4xx with an OperationOutcome body (HEAD has no body). */
  private static String problem(String method, RawHttp.Answer answer, boolean container) {
    if (answer.status() >= 500) {
      return answer.status() + " " + RawHttp.abbreviate(answer.text());
    }
    if (answer.status() >= 400 && !container && !method.equals("HEAD")
        && !answer.text().contains("OperationOutcome")) {
      return answer.status() + " without OperationOutcome: " + RawHttp.abbreviate(answer.text());
    }
    return null;
  }

  private static String path(Random r) {
    int depth = r.nextInt(5);
    if (depth == 0) {
      return r.nextBoolean() ? "" : "/";
    }
    StringBuilder p = new StringBuilder("/").append(pick(r, TYPES));
    if (depth >= 2) {
      p.append('/').append(pick(r, SECOND));
    }
    if (depth >= 3) {
      p.append('/').append(pick(r, THIRD));
    }
    if (depth >= 4) {
      p.append('/').append(pick(r, VERSIONS));
    }
    return p.toString();
  }

  private static String query(Random r) {
    int n = r.nextInt(5);
    if (n == 0) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        q.append(r.nextInt(10) == 0 ? "&&" : "&");
      }
      q.append(pick(r, PARAMS)).append(pick(r, MODIFIERS));
      if (r.nextInt(12) == 0) {
        continue; // a parameter without '='
      }
      q.append('=').append(value(r));
    }
    return q.toString();
  }

  private static String value(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> "x".repeat(r.nextInt(2) == 0 ? 5_000 : 500);
      case 1 -> escape(pick(r, VALUES) + "," + pick(r, VALUES));
      case 2 -> encodeRandomBytes(r, 1 + r.nextInt(20));
      default -> escape(pick(r, PREFIXES) + pick(r, VALUES));
    };
  }

  /** Percent-encodes what Tomcat refuses raw in a request line; keeps existing %-sequences as they are. */
  private static String escape(String v) {
    StringBuilder out = new StringBuilder();
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{}#".indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  private static String encodeRandomBytes(Random r, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append('%').append(String.format("%02X", r.nextInt(256)));
    }
    return out.toString();
  }

  private static Map<String, String> headers(Random r) {
    Map<String, String> h = new LinkedHashMap<>();
    if (r.nextInt(4) > 0) {
      h.put("Content-Type", pick(r, CONTENT_TYPES));
    }
    if (r.nextInt(3) > 0) {
      h.put("Accept", pick(r, ACCEPTS));
    }
    if (r.nextInt(5) == 0) {
      h.put("If-Match", pick(r, IF_MATCH));
    }
    if (r.nextInt(5) == 0) {
      h.put("Prefer", pick(r, PREFER));
    }
    if (r.nextInt(8) == 0) {
      h.put("If-None-Exist", escape(pick(r, PARAMS) + "=" + pick(r, VALUES)));
    }
    if (r.nextInt(10) == 0) {
      h.put("If-None-Match", pick(r, IF_MATCH));
    }
    if (r.nextInt(10) == 0) {
      h.put("If-Modified-Since", r.nextBoolean() ? "Tue, 01 Jan 2030 00:00:00 GMT" : "yesterday");
    }
    return h;
  }

  private static byte[] body(Random r) {
    String s = switch (r.nextInt(16)) {
      case 0 -> PATIENT;
      case 1 -> PATIENT.substring(0, r.nextInt(PATIENT.length()));
      case 2 -> "{\"resourceType\":\"Patient\",\"birthDate\":123,\"active\":\"yes\",\"name\":\"x\"}";
      case 3 -> "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
          + "\"valueQuantity\":{\"value\":1" + "0".repeat(2_000) + "e99999}}";
      case 4 -> "[".repeat(20_000) + "]".repeat(20_000);
      case 5 -> nestedExtensions(3_000);
      case 6 -> """
          <?xml version="1.0"?>
          <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>
          <Patient xmlns="http://hl7.org/fhir"><name><family value="&lol6;"/></name></Patient>""";
      case 7 -> """
          <?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>
          <Patient xmlns="http://hl7.org/fhir"><name><family value="&x;"/></name></Patient>""";
      case 8 -> "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"POST\","
          + "\"url\":\"Patient\"},\"resource\":" + PATIENT + "},{\"request\":{\"method\":\"GET\"}},"
          + "{\"fullUrl\":\"urn:uuid:x\",\"request\":{\"method\":\"PUT\",\"url\":\"Patient?name=%zz\"}}]}";
      case 9 -> "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"DELETE\","
          + "\"url\":\"Patient?_id=fuzz-sentinel&name:bogus=1\"}},{\"request\":{\"method\":\"GET\","
          + "\"url\":\"Patient?birthdate=xx2020\"}},{\"request\":{\"method\":\"PATCH\",\"url\":\"Patient/none\"}}]}";
      case 10 -> "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"other\"},{\"op\":\"remove\",\"path\":\"/\"}]";
      case 11 -> "[{\"op\":\"add\",\"path\":\"/name/99/family\",\"value\":1},{\"op\":\"bogus\"}]";
      case 12 -> "{\"resourceType\":\"Patient\",\"id\":\"" + "x".repeat(100) + "\",\"contained\":[{}]}";
      case 13 -> "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":{}}]}";
      case 14 -> "";
      default -> null;
    };
    if (s != null) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[r.nextInt(2_000)];
    r.nextBytes(bytes);
    return bytes;
  }

  private static String nestedExtensions(int depth) {
    return "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"url\":\"http://x\",\"extension\":".repeat(depth)
        + "[]" + "}]".repeat(depth) + "}";
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
