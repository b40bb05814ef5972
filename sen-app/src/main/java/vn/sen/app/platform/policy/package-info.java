/**
 * The access policy: one decision point for every read, search, write and operation on a user's behalf.
 * Role permissions ({@link vn.sen.app.platform.policy.RolePermissions}) × care relationship × the patient's
 * consent. Relationships and consent are facts derived from resources as they are written ({@link
 * vn.sen.app.platform.policy.CareAccessFacts}); the store applies the caller's {@link
 * vn.sen.fhir.core.access.AccessFilter} inside every statement; {@link
 * vn.sen.app.platform.policy.PolicyEnforcingRepository} is the edge through which the FHIR API and the pages
 * reach the store.
 */
@NullMarked
package vn.sen.app.platform.policy;

import org.jspecify.annotations.NullMarked;
