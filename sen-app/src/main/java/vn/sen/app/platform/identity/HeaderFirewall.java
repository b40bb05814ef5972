package vn.sen.app.platform.identity;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its header checks done by a loop: by default every header name
 * and value read during a request is matched against a regular expression (assigned characters, no
 * controls), and with a JWT of a kilobyte in {@code Authorization} that was a few percent of a FHIR
 * request's CPU. Same rule, same refusals; everything else is the strict firewall's default.
 */
final class HeaderFirewall {
  private HeaderFirewall() {}

  static StrictHttpFirewall strict() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(HeaderFirewall::assignedAndNotControl);
    firewall.setAllowedHeaderValues(HeaderFirewall::assignedAndNotControl);
    return firewall;
  }

  /** Every code point assigned in Unicode and none a control character ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}). */
  static boolean assignedAndNotControl(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp < 0x7f ? cp < 0x20 : Character.getType(cp) == Character.UNASSIGNED || Character.isISOControl(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
