package vn.sen.fhir.core.search;

import java.util.List;
import java.util.Set;

/**
 * One search parameter of one resource type.
 *
 * @param resourceType the type the parameter is searched on (for {@code _id} etc. each concrete type)
 * @param code the name used in URLs, e.g. {@code birthdate}
 * @param type the parameter type
 * @param expression the FHIRPath expression that extracts its values (R4 definitions as HAPI FHIR ships them)
 * @param url the canonical URL of the SearchParameter definition
 * @param targets resource types a reference parameter may point to (empty: any)
 * @param components for composites, the component parameters in order
 * @param patientCompartment whether a reference value of this parameter places the resource in the
 *     referenced Patient's compartment (R4 CompartmentDefinition/patient)
 * @param key a stable 32-bit number for {@code resourceType.code}, used as the parameter's key in
 *     index tables; derived from the name, so it never changes between releases (parameters common
 *     to all resources, whose names start with {@code _}, use {@code Resource.code})
 */
public record SearchParamDef(
    String resourceType,
    String code,
    SearchParamType type,
    String expression,
    String url,
    Set<String> targets,
    List<Component> components,
    boolean patientCompartment,
    int key) {

  /**
   * A component of a composite parameter.
   *
   * @param url the component parameter's definition URL
   * @param expression the component's expression relative to the composite's focus
   */
  public record Component(String url, String expression) {}

  /** {@code Type.code}, e.g. {@code Observation.code}. */
  public String qualifiedName() {
    return resourceType + "." + code;
  }
}
