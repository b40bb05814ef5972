package vn.sen.fhir.http;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Finds every {@link Reference} with a reference string in a resource: in its elements, extensions
 * (also those on primitives), nested references ({@code Reference.identifier.assigner}) and contained
 * resources, not in resources held otherwise (a Bundle's entries). A transaction rewrites each entry's
 * references before writing it. HAPI's {@code FhirTerser.getAllPopulatedChildElementsOfType(resource,
 * Reference.class)} finds these and more (display-only references), and took a tenth of a transaction's
 * time resolving each element's children anew; here they are looked up once per element type.
 */
final class ResourceReferences {
  private final FhirContext context;
  private final Map<Class<?>, List<BaseRuntimeChildDefinition>> children = new ConcurrentHashMap<>();

  ResourceReferences(FhirContext context) {
    this.context = context;
  }

  /** The resource's references that have a reference string, in document order. */
  List<Reference> of(Resource resource) {
    List<Reference> found = new ArrayList<>();
    walk(resource, context.getResourceDefinition(resource), found);
    return found;
  }

  private void walk(IBase element, BaseRuntimeElementDefinition<?> definition, List<Reference> found) {
    for (BaseRuntimeChildDefinition child : childrenOf(element, definition)) {
      List<IBase> values = child.getAccessor().getValues(element);
      for (int i = 0; i < values.size(); i++) {
        IBase value = values.get(i);
        if (value != null) {
          visit(child, value, found);
        }
      }
    }
  }

  private void visit(BaseRuntimeChildDefinition child, IBase value, List<Reference> found) {
    switch (value) {
      case Resource r -> {
        // contained resources belong to this one; a resource inside it (a Bundle's entries, a
        // Parameters' resources) has references of its own, relative to itself
        if (child.getElementName().equals("contained")) {
          walk(r, context.getResourceDefinition(r), found);
        }
      }
      case XhtmlNode x -> {
        // narrative: no references
      }
      case PrimitiveType<?> p -> {
        if (p.hasExtension()) {
          BaseRuntimeElementDefinition<?> extension = context.getElementDefinition(Extension.class);
          for (Extension e : p.getExtension()) {
            walk(e, extension, found);
          }
        }
      }
      default -> {
        if (value instanceof Reference reference && reference.hasReference()) {
          found.add(reference);
        }
        BaseRuntimeElementDefinition<?> definition = child.getChildElementDefinitionByDatatype(value.getClass());
        if (definition == null) {
          definition = context.getElementDefinition(value.getClass());
        }
        if (definition instanceof BaseRuntimeElementCompositeDefinition<?>) {
          walk(value, definition, found);
        }
      }
    }
  }

  private List<BaseRuntimeChildDefinition> childrenOf(IBase element, BaseRuntimeElementDefinition<?> definition) {
    return children.computeIfAbsent(element.getClass(), c ->
        definition instanceof BaseRuntimeElementCompositeDefinition<?> composite
            ? List.copyOf(composite.getChildrenAndExtension())
            : List.of());
  }
}
