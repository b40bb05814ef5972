package vn.sen.fhir.core.index;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.Issue;

/**
 * The structural check every write passes after parsing: what HAPI's strict JSON parser lets
 * through. The parser already refuses unknown elements, repeated non-repeating elements, malformed
 * numbers, booleans, dates and base64, and unknown codes of required bindings; it does not check
 * minimum cardinality, ids, time zones of dateTimes and instants, or resources built in code. The
 * rules (cardinality per element) are derived once per element type from HAPI's R4 model
 * definitions; the walk is a few microseconds for a typical resource. Terminology, invariants and
 * profiles are the full validator's work, not this check's.
 *
 * <p>See <a href="https://hl7.org/fhir/R4/validation.html">R4 validation</a> (structure and
 * cardinality) and <a href="https://hl7.org/fhir/R4/datatypes.html">R4 data types</a>.
 */
public final class StructuralWriteCheck implements WriteCheck {
  private final FhirContext context;
  private final Map<Class<?>, List<ChildRule>> rules = new ConcurrentHashMap<>();

  public StructuralWriteCheck(FhirContext context) {
    this.context = context;
  }

  /** Cardinality of one child element, with HAPI's accessor to read its values. */
  private record ChildRule(
      String name, int min, int max, boolean repeats, BaseRuntimeChildDefinition definition) {}

  @Override
  public List<Issue> check(Resource resource) {
    List<Issue> issues = new ArrayList<>();
    checkResource(resource, ElementPath.root(resource.fhirType()), false, issues);
    return issues;
  }

  private void checkResource(Resource resource, ElementPath path, boolean nested, List<Issue> issues) {
    IdType id = resource.hasId() ? resource.getIdElement() : null;
    // HAPI gives a bundle entry's resource its urn:uuid fullUrl as id; that id was never written.
    boolean derivedFromFullUrl = nested && id != null && id.getValue().startsWith("urn:");
    if (id != null && id.hasIdPart() && !derivedFromFullUrl && !PrimitiveRules.isValidId(id.getIdPart())) {
      String at = path + ".id";
      issues.add(Issue.error("invalid", "Invalid id at " + at + ": " + PrimitiveRules.ID_RULE, at));
    }
    walkComposite(resource, context.getResourceDefinition(resource), path, issues);
  }

  /**
   * Checks the children of a composite element and answers whether it has any content. Issues
   * found inside an element that turns out empty are dropped: JSON has no empty elements, so an
   * empty element counts as absent and only its parent's cardinality matters. Computing emptiness
   * during the walk avoids HAPI's {@code isEmpty()}, which walks the whole subtree at every level.
   */
  private boolean walkComposite(
      IBase element, BaseRuntimeElementDefinition<?> definition, ElementPath path, List<Issue> issues) {
    int mark = issues.size();
    boolean any = false;
    for (ChildRule rule : rulesFor(element, definition)) {
      List<IBase> values = rule.definition().getAccessor().getValues(element);
      int present = 0;
      for (int i = 0; i < values.size(); i++) {
        IBase value = values.get(i);
        if (value == null) {
          continue;
        }
        if (walkValue(rule, value, path.child(rule.name(), rule.repeats() ? i : -1), issues)) {
          present++;
        }
      }
      any |= present > 0;
      if (present < rule.min()) {
        String at = path + "." + rule.name();
        issues.add(Issue.error("required", "Missing mandatory element " + at + " (minimum " + rule.min() + ")", at));
      }
      if (rule.max() >= 0 && present > rule.max()) {
        String at = path + "." + rule.name();
        issues.add(Issue.error("invalid",
            "Too many repetitions of " + at + " (maximum " + rule.max() + ", found " + present + ")", at));
      }
    }
    if (!any && !(element instanceof Resource)) {
      issues.subList(mark, issues.size()).clear();
    }
    return any;
  }

  /** Checks one value and answers whether it is present (not empty). */
  private boolean walkValue(ChildRule rule, IBase value, ElementPath path, List<Issue> issues) {
    switch (value) {
      case Resource r -> {
        checkResource(r, path, true, issues);
        return true;
      }
      case XhtmlNode x -> {
        if (x.isEmpty()) {
          return false;
        }
        if (!PrimitiveRules.isNarrativeDiv(x)) {
          String at = path.toString();
          issues.add(Issue.error("invalid", "Narrative at " + at + " must be an XHTML div element", at));
        }
        return true;
      }
      case IdType id when rule.name().equals("id") -> {
        // Resource.id (element ids are strings): checked with the resource, which knows whether
        // HAPI derived it from a fullUrl.
        return id.hasValue();
      }
      case PrimitiveType<?> p -> {
        if (p.isEmpty()) {
          return false;
        }
        Issue problem = PrimitiveRules.check(p, path);
        if (problem != null) {
          issues.add(problem);
        }
        // Extensions on primitives (_birthDate.extension) are not walked: the parser checks their url.
        return true;
      }
      default -> {
        BaseRuntimeElementDefinition<?> definition = definitionOf(rule, value);
        if (definition instanceof BaseRuntimeElementCompositeDefinition<?>) {
          return walkComposite(value, definition, path, issues);
        }
        return !value.isEmpty();
      }
    }
  }

  private @Nullable BaseRuntimeElementDefinition<?> definitionOf(ChildRule rule, IBase value) {
    BaseRuntimeElementDefinition<?> d = rule.definition().getChildElementDefinitionByDatatype(value.getClass());
    return d != null ? d : context.getElementDefinition(value.getClass());
  }

  private List<ChildRule> rulesFor(IBase element, BaseRuntimeElementDefinition<?> definition) {
    return rules.computeIfAbsent(element.getClass(), c -> derive(definition));
  }

  private static List<ChildRule> derive(BaseRuntimeElementDefinition<?> definition) {
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return List.of();
    }
    List<ChildRule> result = new ArrayList<>();
    for (BaseRuntimeChildDefinition child : composite.getChildrenAndExtension()) {
      String name = child.getElementName();
      if (child instanceof RuntimeChildChoiceDefinition && name.endsWith("[x]")) {
        name = name.substring(0, name.length() - 3);
      }
      result.add(new ChildRule(name, child.getMin(), child.getMax(), child.getMax() != 1, child));
    }
    return List.copyOf(result);
  }
}
