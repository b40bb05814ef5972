/**
 * Identity: who is asking. Sen's own OAuth 2.0 / OpenID Connect authorization server (Spring Authorization
 * Server) with SMART App Launch v2 discovery and scopes, the JWT resource server guarding {@code /fhir},
 * form login with throttling for the pages, users and clients in PostgreSQL, rotating signing keys, and
 * {@link vn.sen.app.platform.identity.CurrentSubject}, which turns the authenticated request into the
 * policy's {@link vn.sen.app.platform.policy.AccessSubject}. See docs/identity.md.
 */
@NullMarked
package vn.sen.app.platform.identity;

import org.jspecify.annotations.NullMarked;
