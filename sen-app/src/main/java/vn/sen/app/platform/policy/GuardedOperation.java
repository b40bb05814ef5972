package vn.sen.app.platform.policy;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.http.FhirOperation;

/**
 * A module's operation behind the policy edge: it runs only for a subject who may run it and sees the
 * instance ({@link PolicyEnforcingRepository#requireOperation}); the call is recorded in the audit trail,
 * and what the operation writes is audited by the store's commit hook on the subject's behalf. Modules
 * implement their operations against the unrestricted store; the wiring wraps every one of them.
 */
public final class GuardedOperation implements FhirOperation {
  private final FhirOperation operation;
  private final PolicyEnforcingRepository edge;

  public GuardedOperation(FhirOperation operation, PolicyEnforcingRepository edge) {
    this.operation = operation;
    this.edge = edge;
  }

  @Override
  public String name() {
    return operation.name();
  }

  @Override
  public String resourceType() {
    return operation.resourceType();
  }

  @Override
  public String definition() {
    return operation.definition();
  }

  @Override
  public boolean affectsState() {
    return operation.affectsState();
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    edge.requireOperation(operation.name(), operation.resourceType(), id, operation.affectsState());
    return operation.invoke(id, input);
  }
}
