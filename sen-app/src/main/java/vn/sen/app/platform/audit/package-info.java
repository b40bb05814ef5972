/**
 * The tamper-evident audit trail (docs/audit.md): every access and every write becomes an {@link
 * vn.sen.app.platform.audit.AuditEntry}, appended to a SHA-256 hash chain in PostgreSQL by the {@link
 * vn.sen.app.platform.audit.AuditTrail}; {@link vn.sen.app.platform.audit.AuditVerifier} proves the chain
 * intact ({@code ./sen audit verify}); {@link vn.sen.app.platform.audit.AuditEvents} serves it as FHIR R4
 * <a href="https://hl7.org/fhir/R4/auditevent.html">AuditEvent</a> resources.
 */
@NullMarked
package vn.sen.app.platform.audit;

import org.jspecify.annotations.NullMarked;
