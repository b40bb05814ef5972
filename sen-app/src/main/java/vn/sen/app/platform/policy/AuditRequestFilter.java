package vn.sen.app.platform.policy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.sen.app.platform.audit.AuditContext;
import vn.sen.app.platform.audit.CurrentAuditContext;

/**
 * Binds each authenticated request's {@link AuditContext} (who, from where, for what purpose, request id)
 * for as long as it is served, so that every audit entry it causes — reads recorded by the policy edge,
 * writes recorded by the store's commit hook — carries it. Runs after Spring Security has authenticated
 * the request.
 */
public final class AuditRequestFilter extends OncePerRequestFilter {
  /** Purposes of use a client may state (HL7 v3 ActReason), in the {@value #PURPOSE_HEADER} header. */
  static final Set<String> PURPOSES = Set.of("TREAT", "ETREAT", "HPAYMT", "HOPERAT", "PATRQT", "FAMRQT",
      "PUBHLTH", "HRESCH", "HSYSADMIN", "COVERAGE");
  static final String PURPOSE_HEADER = "X-Purpose-Of-Use";

  private final CurrentAuditContext contexts;
  private final Supplier<Optional<AccessSubject>> subjects;

  public AuditRequestFilter(CurrentAuditContext contexts, Supplier<Optional<AccessSubject>> subjects) {
    this.contexts = contexts;
    this.subjects = subjects;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<AccessSubject> subject = subjects.get();
    if (subject.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    AccessSubject s = subject.get();
    AuditContext.Actor actor = new AuditContext.Actor(s.subject(), s.fhirUser(), s.roles(), s.organization(),
        s.system());
    String requestId = headerOrNull(request, "X-Request-Id");
    AuditContext context = new AuditContext(actor, onBehalfOf(s), purpose(request, s), null,
        request.getRemoteAddr(), clip(request.getHeader("User-Agent"), 200),
        requestId == null ? newRequestId() : clip(requestId, 64),
        request.getMethod());
    try (CurrentAuditContext.Scope bound = contexts.bind(context)) {
      chain.doFilter(request, response);
    }
  }

  /**
   * A random (version 4) UUID from the thread's own generator: a request id must be unique, not secret, and
   * {@link UUID#randomUUID()} draws on the process's one SecureRandom, which every request thread queues for.
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** A caregiver acts for the patient they look after; the policy knows which one per record. */
  private static @Nullable String onBehalfOf(AccessSubject s) {
    return s.roles().contains("caregiver") && s.patient() != null ? "Patient/" + s.patient() : null;
  }

  private static @Nullable String purpose(HttpServletRequest request, AccessSubject s) {
    String stated = request.getHeader(PURPOSE_HEADER);
    if (stated != null && PURPOSES.contains(stated.strip())) {
      return stated.strip();
    }
    if (s.system()) {
      return "HSYSADMIN";
    }
    if (s.roles().contains("patient")) {
      return "PATRQT";
    }
    if (s.roles().contains("caregiver")) {
      return "FAMRQT";
    }
    return "TREAT";
  }

  private static @Nullable String headerOrNull(HttpServletRequest request, String name) {
    String value = request.getHeader(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static @Nullable String clip(@Nullable String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
