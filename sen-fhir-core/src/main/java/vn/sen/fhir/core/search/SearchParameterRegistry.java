package vn.sen.fhir.core.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every search parameter R4 defines for every resource type, built once from HAPI FHIR's R4 model
 * (which is generated from the R4 SearchParameter definitions).
 */
public final class SearchParameterRegistry {
  private final FhirContext context;
  private final Map<String, Map<String, SearchParamDef>> byType;
  private final Map<String, SearchParamDef> byUrl;
  private final Set<String> resourceTypes;

  public SearchParameterRegistry(FhirContext context) {
    this.context = context;
    Map<String, Map<String, SearchParamDef>> types = new HashMap<>();
    Map<String, SearchParamDef> urls = new HashMap<>();
    for (String type : new TreeSet<>(context.getResourceTypes())) {
      RuntimeResourceDefinition definition = context.getResourceDefinition(type);
      Map<String, SearchParamDef> params = new LinkedHashMap<>();
      for (RuntimeSearchParam sp : definition.getSearchParams()) {
        SearchParamDef def = toDef(type, sp);
        params.put(def.code(), def);
        urls.putIfAbsent(def.url(), def);
      }
      types.put(type, Collections.unmodifiableMap(params));
    }
    this.byType = Map.copyOf(types);
    this.byUrl = Map.copyOf(urls);
    this.resourceTypes = Collections.unmodifiableSet(new TreeSet<>(types.keySet()));
  }

  /**
   * Parameters Sen adds to R4's Patient compartment: R4 leaves Task out, but a Task about a patient
   * (a referral, an alert, an emergency access) is part of their record and held by the same policy.
   */
  static final Set<String> SEN_PATIENT_COMPARTMENT = Set.of("Task.patient");

  private static SearchParamDef toDef(String type, RuntimeSearchParam sp) {
    SearchParamType paramType = SearchParamType.valueOf(sp.getParamType().name());
    List<SearchParamDef.Component> components = new ArrayList<>();
    for (RuntimeSearchParam.Component c : sp.getComponents()) {
      components.add(
          new SearchParamDef.Component(c.getReference(), c.getExpression() == null ? "" : c.getExpression()));
    }
    Set<String> compartments = sp.getProvidesMembershipInCompartments();
    boolean patientCompartment = compartments != null && compartments.contains("Patient")
        || SEN_PATIENT_COMPARTMENT.contains(type + "." + sp.getName());
    String url = sp.getUri() == null ? "urn:sen:" + type + "-" + sp.getName() : sp.getUri();
    return new SearchParamDef(
        type,
        sp.getName(),
        paramType,
        sp.getPath() == null ? "" : sp.getPath(),
        url,
        Set.copyOf(sp.getTargets()),
        List.copyOf(components),
        patientCompartment,
        // parameters every resource has (_tag, _profile, _security…) share one key across types, so a
        // system-level search over all types is one index lookup
        sp.getName().startsWith("_") ? keyOf("Resource", sp.getName()) : keyOf(type, sp.getName()));
  }

  /** FNV-1a over {@code type.code}: stable across releases, independent of registration order. */
  static int keyOf(String type, String code) {
    int hash = 0x811c9dc5;
    for (byte b : (type + "." + code).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }

  public FhirContext context() {
    return context;
  }

  public Set<String> resourceTypes() {
    return resourceTypes;
  }

  public boolean isResourceType(String type) {
    return byType.containsKey(type);
  }

  public Optional<SearchParamDef> find(String resourceType, String code) {
    Map<String, SearchParamDef> params = byType.get(resourceType);
    return params == null ? Optional.empty() : Optional.ofNullable(params.get(code));
  }

  /** All parameters of a type, in definition order; empty for an unknown type. */
  public Map<String, SearchParamDef> forType(String resourceType) {
    return byType.getOrDefault(resourceType, Map.of());
  }

  public Optional<SearchParamDef> byUrl(String url) {
    return Optional.ofNullable(byUrl.get(url));
  }

  /** Components of a composite, resolved against the composite's own resource type where possible. */
  public List<SearchParamDef> components(SearchParamDef composite) {
    List<SearchParamDef> result = new ArrayList<>();
    for (SearchParamDef.Component c : composite.components()) {
      String suffix = c.url().substring(c.url().lastIndexOf('/') + 1);
      String code = suffix.startsWith(composite.resourceType() + "-")
          ? suffix.substring(composite.resourceType().length() + 1)
          : suffix;
      Optional<SearchParamDef> own = find(composite.resourceType(), code);
      result.add(own.or(() -> byUrl(c.url())).orElseThrow(
          () -> new IllegalStateException("Unresolvable component " + c.url())));
    }
    return result;
  }
}
