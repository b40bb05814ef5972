package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sen.fhir.core.search.ParserFixture.PARSER;
import static vn.sen.fhir.core.search.ParserFixture.REGISTRY;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * Random and hostile input, seeded so that a failure reproduces: the parser must answer with a
 * ParsedSearch or a FhirException INVALID_REQUEST, never anything else.
 */
class SearchQueryParserFuzzTest {
  private static final String[] TYPES =
      {"Patient", "Observation", "Location", "MedicationRequest", "ValueSet", "RiskAssessment", "Encounter"};
  private static final String[] CONTROLS = {"_count", "_offset", "_sort", "_total", "_include", "_revinclude",
      "_include:iterate", "_revinclude:recurse", "_summary", "_elements", "_type", "_list", "_text", "_content",
      "_filter", "_query", "_has", "_id", "_lastUpdated", "_profile", "_tag", "_security"};
  private static final String[] MODIFIERS = {"missing", "exact", "contains", "text", "not", "of-type", "in",
      "not-in", "above", "below", "identifier", "Patient", "Practitioner", "Unicorn", "", ":", "iterate"};
  private static final String[] HOSTILE = {"'; drop table resource; --", "%00", "\u0000", "\" OR 1=1 --",
      "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd", "\\", "\\\\", "$", "|", ",", ":",
      ".", "%", "%ZZ", "%E1%BB", "+", "\uD800", "\uDFFF", "𠀀", "Nguyễn Văn Đức", "ﾟ", "\u202E", "\r\n",
      "1e99999", "9".repeat(400), "-0", "1e-4", "gt", "ap1e2", "eq2024-02-30", "le2024-05-17T08:30+07:00",
      "2024-13", "Patient/", "Patient/1/_history/2", "https://sen.example.vn/fhir/Patient/1",
      "https://sen.example.vn/fhir/", "urn:uuid:1", "a$b$c", "x|y|z|w", "true", "false", "*", "Patient:*",
      "Patient:organization:Organization", "Observation:subject:Unicorn", "-birthdate,name", "accurate"};
  private static final String ALPHABET = "abcxyz019-_.:|$,\\%+/*?&=#e ĐđễăơưẠ\u0000\uD83D\uDE00";

  private final Random random = new Random(20261122L);

  @Test
  void randomAndHostileParametersNeverEscapeAsOtherExceptions() {
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 30_000; i++) {
      String type = random.nextInt(8) == 0 ? null : TYPES[random.nextInt(TYPES.length)];
      List<Map.Entry<String, String>> params = new ArrayList<>();
      int n = random.nextInt(6);
      for (int k = 0; k < n; k++) {
        params.add(Map.entry(name(type), value()));
      }
      boolean strict = random.nextBoolean();
      try {
        ParsedSearch parsed = PARSER.parse(type, params, strict);
        checkInvariants(parsed.query());
        accepted++;
      } catch (FhirException e) {
        if (e.code() != ErrorCode.INVALID_REQUEST || e.getMessage() == null || e.getMessage().isBlank()) {
          failures.add(type + " " + params + " -> " + e.code() + " " + e.getMessage());
        }
        refused++;
      } catch (RuntimeException | StackOverflowError e) {
        failures.add(type + " " + params + " strict=" + strict + " -> " + e);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(accepted).isGreaterThan(3_000);
    assertThat(refused).isGreaterThan(3_000);
  }

  @Test
  void randomConditionalUrlsNeverEscapeAsOtherExceptions() {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder url = new StringBuilder();
      if (random.nextBoolean()) {
        url.append(random.nextBoolean() ? "Patient?" : pick(HOSTILE) + "?");
      }
      int n = random.nextInt(4);
      for (int k = 0; k < n; k++) {
        url.append(k > 0 ? "&" : "").append(name("Patient")).append(random.nextInt(5) == 0 ? "" : "=")
            .append(value());
      }
      try {
        SearchQuery q = PARSER.parseConditional("Patient", url.toString());
        assertThat(q.criteria()).isNotEmpty();
      } catch (FhirException e) {
        if (e.code() != ErrorCode.INVALID_REQUEST) {
          failures.add(url + " -> " + e.code());
        }
      } catch (RuntimeException | StackOverflowError e) {
        failures.add(url + " -> " + e);
      }
    }
    assertThat(failures).isEmpty();
  }

  private static void checkInvariants(SearchQuery q) {
    assertThat(q.count()).isBetween(0, SearchQuery.MAX_COUNT);
    assertThat(q.offset()).isNotNegative();
    for (Criterion c : q.criteria()) {
      Criterion leaf = c;
      while (!(leaf instanceof Criterion.Param)) {
        leaf = leaf instanceof Criterion.Chain chain ? chain.onTarget() : ((Criterion.Has) leaf).onSource();
      }
      assertThat(((Criterion.Param) leaf).anyOf()).isNotEmpty();
    }
  }

  private String name(String type) {
    return switch (random.nextInt(9)) {
      case 0, 1 -> knownCode(type);
      case 2 -> knownCode(type) + ":" + pick(MODIFIERS);
      case 3 -> pick(CONTROLS);
      case 4 -> knownCode(type) + (random.nextBoolean() ? ":" + pick(TYPES) : "") + "." + knownCode("Patient")
          + (random.nextBoolean() ? ":" + pick(MODIFIERS) : "");
      case 5 -> "_has:" + pick(TYPES) + ":" + knownCode(pick(TYPES)) + ":" + knownCode(pick(TYPES))
          + (random.nextInt(3) == 0 ? ":" + pick(MODIFIERS) : "");
      case 6 -> pick(HOSTILE);
      case 7 -> garbage(random.nextInt(4) == 0 ? 5_000 : 20);
      default -> knownCode(type) + garbage(3);
    };
  }

  private String value() {
    return switch (random.nextInt(6)) {
      case 0, 1 -> pick(HOSTILE);
      case 2 -> pick(HOSTILE) + pick(new String[] {",", "|", "$", "\\,", ""}) + pick(HOSTILE);
      case 3 -> garbage(random.nextInt(10) == 0 ? 20_000 : 30);
      case 4 -> random.nextInt(2000) - 500 + (random.nextBoolean() ? "" : "." + random.nextInt(100));
      default -> "";
    };
  }

  private String knownCode(String type) {
    List<String> codes = new ArrayList<>(REGISTRY.forType(type == null ? "Patient" : type).keySet());
    return codes.get(random.nextInt(codes.size()));
  }

  private String garbage(int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(random.nextInt(10) == 0
          ? (char) random.nextInt(0x10000)
          : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
