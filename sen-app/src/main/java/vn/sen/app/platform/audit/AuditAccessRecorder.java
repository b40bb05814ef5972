package vn.sen.app.platform.audit;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import vn.sen.app.platform.audit.AuditContext.Actor;
import vn.sen.app.platform.policy.AccessRecorder;
import vn.sen.app.platform.policy.AccessSubject;

/**
 * The policy's {@link AccessRecorder} on the audit trail: the subject the policy decided for, plus the
 * request's context (address, user agent, purpose, on whose behalf), recorded durably before the response.
 */
public final class AuditAccessRecorder implements AccessRecorder {
  private final AuditTrail trail;
  private final Supplier<Optional<AuditContext>> context;
  private final Clock clock;

  public AuditAccessRecorder(AuditTrail trail, Supplier<Optional<AuditContext>> context, Clock clock) {
    this.trail = trail;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public void record(AccessSubject who, AccessEvent event) {
    Actor actor = new Actor(who.subject(), who.fhirUser(), who.roles(), who.organization(), who.system());
    AuditContext request = context.get()
        .map(c -> new AuditContext(actor, c.onBehalfOf(), c.purpose(), c.reason(), c.clientAddress(),
            c.userAgent(), c.requestId(), c.action()))
        .orElseGet(() -> new AuditContext(actor, null, null, null, null, null, null, null));
    trail.record(AuditEntry.of(request, clock.instant(), event.action(), event.outcome(),
        List.copyOf(event.patients()), event.entities(), event.reason()));
  }
}
