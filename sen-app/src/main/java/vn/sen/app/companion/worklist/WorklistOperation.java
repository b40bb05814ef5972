package vn.sen.app.companion.worklist;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.http.FhirOperation;

/**
 * {@code GET Organization/{id}/$worklist} and {@code CareTeam/{id}/$worklist}: the open companion Tasks of
 * that organisation or care team in worklist order, as a collection Bundle of Tasks. The actions are plain
 * FHIR updates of the Task (status, owner), or the buttons of the {@code /worklist} page.
 */
final class WorklistOperation implements FhirOperation {
  private final String resourceType;
  private final WorklistService service;
  private final FhirRepository repository;
  private final FhirContext fhir;

  WorklistOperation(String resourceType, WorklistService service, FhirRepository repository, FhirContext fhir) {
    this.resourceType = resourceType;
    this.service = service;
    this.repository = repository;
    this.fhir = fhir;
  }

  @Override
  public String name() {
    return "worklist";
  }

  @Override
  public String resourceType() {
    return resourceType;
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/" + resourceType + "-worklist";
  }

  @Override
  public boolean affectsState() {
    return false;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    var items = service.items(resourceType + "/" + id);
    bundle.setTotal(items.size());
    for (WorklistItem item : items) {
      repository.read("Task", item.taskId()).ifPresent(stored -> bundle.addEntry()
          .setFullUrl("Task/" + item.taskId())
          .setResource((Resource) fhir.newJsonParser().parseResource(new String(stored.json(), StandardCharsets.UTF_8))));
    }
    return bundle;
  }
}
