package vn.sen.fhir.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalDeleteStatus;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * Builds the server's CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html) from the
 * search-parameter registry and the interactions this adapter implements, so it cannot drift from
 * what the code does.
 */
final class CapabilityStatementFactory {
  private static final String VALIDATE = "http://hl7.org/fhir/OperationDefinition/Resource-validate";
  private static final String EVERYTHING = "http://hl7.org/fhir/OperationDefinition/Patient-everything";

  private final SearchParameterRegistry registry;
  private final List<FhirOperation> operations;

  CapabilityStatementFactory(SearchParameterRegistry registry, List<FhirOperation> operations) {
    this.registry = registry;
    this.operations = List.copyOf(operations);
  }

  CapabilityStatement build(@Nullable String baseUrl) {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(PublicationStatus.ACTIVE);
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.setName("Sen");
    cs.setTitle("Sen shared care record FHIR R4 API");
    cs.setPublisher("Sen");
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    // Required element; the statement changes only with a release of this code, not per request.
    cs.getDateElement().setValueAsString("2026-01-01");
    cs.getSoftware().setName("Sen");
    cs.getImplementation().setDescription("Sen FHIR R4 server");
    if (baseUrl != null) {
      cs.getImplementation().setUrl(baseUrl);
    }
    cs.addFormat("application/fhir+json").addFormat("application/fhir+xml").addFormat("json").addFormat("xml");
    cs.addPatchFormat("application/json-patch+json").addPatchFormat("application/fhir+json")
        .addPatchFormat("application/fhir+xml");
    CapabilityStatementRestComponent rest = cs.addRest();
    rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    for (SystemRestfulInteraction i : List.of(SystemRestfulInteraction.TRANSACTION, SystemRestfulInteraction.BATCH,
        SystemRestfulInteraction.SEARCHSYSTEM, SystemRestfulInteraction.HISTORYSYSTEM)) {
      rest.addInteraction().setCode(i);
    }
    Map<String, List<String>> revIncludes = revIncludes();
    for (String type : registry.resourceTypes()) {
      rest.addResource(resource(type, revIncludes.getOrDefault(type, List.of())));
    }
    return cs;
  }

  private CapabilityStatementRestResourceComponent resource(String type, List<String> revIncludes) {
    CapabilityStatementRestResourceComponent r = new CapabilityStatementRestResourceComponent();
    r.setType(type);
    r.setProfile("http://hl7.org/fhir/StructureDefinition/" + type);
    for (TypeRestfulInteraction i : List.of(TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
        TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.PATCH, TypeRestfulInteraction.DELETE,
        TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.HISTORYTYPE, TypeRestfulInteraction.CREATE,
        TypeRestfulInteraction.SEARCHTYPE)) {
      r.addInteraction().setCode(i);
    }
    r.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE);
    r.setReadHistory(true);
    r.setUpdateCreate(true);
    r.setConditionalCreate(true);
    r.setConditionalUpdate(true);
    r.setConditionalDelete(ConditionalDeleteStatus.SINGLE);
    r.setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
    List<String> includes = new ArrayList<>();
    for (SearchParamDef p : registry.forType(type).values()) {
      r.addSearchParam()
          .setName(p.code())
          .setDefinition(p.url())
          .setType(Enumerations.SearchParamType.fromCode(p.type().name().toLowerCase(java.util.Locale.ROOT)));
      if (p.type() == SearchParamType.REFERENCE) {
        includes.add(type + ":" + p.code());
      }
    }
    if (!includes.isEmpty()) {
      r.addSearchInclude("*");
      includes.forEach(r::addSearchInclude);
    }
    revIncludes.forEach(r::addSearchRevInclude);
    r.addOperation().setName("validate").setDefinition(VALIDATE);
    if (type.equals("Patient")) {
      r.addOperation().setName("everything").setDefinition(EVERYTHING);
    }
    for (FhirOperation op : operations) {
      if (op.resourceType().equals(type)) {
        r.addOperation().setName(op.name()).setDefinition(op.definition());
      }
    }
    return r;
  }

  /** For each type, the {@code Source:param} references that may point at it. */
  private Map<String, List<String>> revIncludes() {
    Map<String, TreeSet<String>> byTarget = new TreeMap<>();
    for (String source : registry.resourceTypes()) {
      for (SearchParamDef p : registry.forType(source).values()) {
        if (p.type() != SearchParamType.REFERENCE) {
          continue;
        }
        Iterable<String> targets = p.targets().isEmpty() ? registry.resourceTypes() : p.targets();
        for (String target : targets) {
          byTarget.computeIfAbsent(target, t -> new TreeSet<>()).add(source + ":" + p.code());
        }
      }
    }
    Map<String, List<String>> result = new TreeMap<>();
    byTarget.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return result;
  }
}
