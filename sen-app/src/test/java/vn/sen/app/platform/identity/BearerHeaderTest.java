package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** Sen's loops agree with Spring Security's regular expressions they replace, case by case. */
class BearerHeaderTest {

  @Test
  void theBearerHeaderIsReadAsSpringSecurityReadsIt() {
    List<String> headers = new ArrayList<>(List.of("Bearer abc.def.ghi", "bearer abc", "BEARER a-b_c~d+e/f==",
        "Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc=", "Bearer abc=d", "Bearer =",
        "Bearer abc\n", "Basic dXNlcjpwYXNz", "Bearerabc", "Bearer ảbc", "Bearer abc!", "bear abc", ""));
    Random random = new Random(5);
    String alphabet = "aZ09-._~+/= !\"ả\t";
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer");
      for (int n = random.nextInt(12); n > 0; n--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      headers.add(sb.toString());
    }
    for (String header : headers) {
      assertThat(outcome(new BearerHeader(), header)).as(header).isEqualTo(outcome(new DefaultBearerTokenResolver(), header));
    }
    assertThat(outcome(new BearerHeader(), null)).isEqualTo("none");
  }

  @Test
  void theFirewallsHeaderRuleIsTheStrictFirewallsPattern() {
    Pattern strict = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    List<String> values = new ArrayList<>(List.of("", "Bearer eyJ.abc", "Nguyễn Văn An", "tab\there", "del\u007f",
        "nbsp\u00a0", "c1\u0085", "emoji \ud83d\ude00", "lone \ud800", "unassigned \u0378", "new\nline"));
    Random random = new Random(9);
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        sb.append((char) random.nextInt(0x500));
      }
      values.add(sb.toString());
    }
    for (String v : values) {
      assertThat(HeaderFirewall.assignedAndNotControl(v)).as(v).isEqualTo(strict.matcher(v).matches());
    }
  }

  private static String outcome(BearerTokenResolver resolver, String header) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    if (header != null) {
      request.addHeader("Authorization", header);
    }
    try {
      String token = resolver.resolve(request);
      return token == null ? "none" : "token:" + token;
    } catch (OAuth2AuthenticationException e) {
      return "refused:" + e.getError().getErrorCode();
    }
  }
}
