package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Cross-site request forgery protection of the companion's forms: a random token per session, carried by
 * every form as {@code _csrf} and compared on every POST. (Spring Security takes this over when the
 * identity module adds it.)
 */
final class FormTokens {
  static final String PARAMETER = "_csrf";
  private static final String ATTRIBUTE = "sen.companion.csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private FormTokens() {}

  /** The session's token, created on first use. */
  static String token(HttpSession session) {
    if (session.getAttribute(ATTRIBUTE) instanceof String t) {
      return t;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(ATTRIBUTE, t);
    return t;
  }

  /** Refuses a POST whose token is missing or not the session's. */
  static void check(HttpServletRequest request, @Nullable String sent) {
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
    if (sent == null || !(expected instanceof String t)
        || !MessageDigest.isEqual(t.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII))) {
      throw new CompanionPageException(CompanionPageException.Problem.FORM_EXPIRED);
    }
  }
}
