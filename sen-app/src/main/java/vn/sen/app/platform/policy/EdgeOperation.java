package vn.sen.app.platform.policy;

import vn.sen.fhir.http.FhirOperation;

/**
 * An operation of the policy edge itself ({@code $break-glass}, {@code Patient/$match}): it asks the
 * policy and records the access on its own, so the wiring does not wrap it in a {@link GuardedOperation}
 * (which would require the caller to see the instance first).
 */
public interface EdgeOperation extends FhirOperation {}
