package vn.sen.fhir.http;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * FHIRPath Patch (https://hl7.org/fhir/R4/fhirpatch.html): applies the {@code operation}s of a
 * Parameters resource (add, insert, delete, replace, move) to a parsed resource, using HAPI's FHIRPath
 * engine to find elements and its model definitions to change them.
 */
final class FhirPathPatch {
  private final FhirContext context;
  private @Nullable IFhirPath fhirPath;

  FhirPathPatch(FhirContext context) {
    this.context = context;
  }

  /** Where an element sits: its parent, the child definition, and its index among that child's values. */
  private record Slot(IBase parent, BaseRuntimeChildDefinition child, int index) {}

  void apply(Resource resource, Parameters patch) {
    int n = 0;
    for (ParametersParameterComponent operation : patch.getParameter()) {
      String where = "Parameters.parameter[" + n++ + "]";
      if (!"operation".equals(operation.getName())) {
        throw new FhirException(ErrorCode.INVALID_REQUEST, "FHIRPath Patch parameters must be named 'operation'", where);
      }
      String type = text(operation, "type", where);
      String path = text(operation, "path", where);
      try {
        switch (type) {
          case "add" -> add(resource, path, text(operation, "name", where), value(operation, where), where);
          case "insert" -> insert(resource, path, index(operation, "index", where), value(operation, where), where);
          case "delete" -> delete(resource, path, where);
          case "replace" -> replace(resource, path, value(operation, where), where);
          case "move" -> move(resource, path, index(operation, "source", where),
              index(operation, "destination", where), where);
          default -> throw new FhirException(ErrorCode.INVALID_REQUEST,
              "Unknown FHIRPath Patch operation type '" + type + "'", where);
        }
      } catch (FhirException e) {
        throw e;
      } catch (RuntimeException e) {
        // The FHIRPath engine and HAPI's reflective accessors report a bad path or a value of the
        // wrong type with assorted runtime exceptions; each means this operation cannot apply.
        throw new FhirException(ErrorCode.INVALID_RESOURCE,
            "FHIRPath Patch operation " + type + " on '" + path + "' cannot be applied ("
                + e.getClass().getSimpleName() + ")", where);
      }
    }
  }

  private void add(Resource resource, String path, String name, IBase value, String where) {
    IBase container = single(resource, path, where);
    BaseRuntimeChildDefinition child = childNamed(container, name, where);
    List<IBase> values = new ArrayList<>(child.getAccessor().getValues(container));
    if (child.getMax() == 1 && !values.isEmpty()) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "'" + name + "' already has a value; use replace", where);
    }
    values.add(convert(child, name, value));
    rewrite(container, child, values);
  }

  private void insert(Resource resource, String path, int index, IBase value, String where) {
    Slot slot = collection(resource, path, where);
    List<IBase> values = new ArrayList<>(slot.child().getAccessor().getValues(slot.parent()));
    if (index > values.size()) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "Index " + index + " is past the end of '" + path + "'", where);
    }
    values.add(index, convert(slot.child(), null, value));
    rewrite(slot.parent(), slot.child(), values);
  }

  private void delete(Resource resource, String path, String where) {
    List<IBase> found = evaluate(resource, path);
    if (found.isEmpty()) {
      return;
    }
    if (found.size() > 1) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "Path '" + path + "' matches more than one element", where);
    }
    Slot slot = locate(resource, found.get(0), where);
    List<IBase> values = new ArrayList<>(slot.child().getAccessor().getValues(slot.parent()));
    values.remove(slot.index());
    rewrite(slot.parent(), slot.child(), values);
  }

  private void replace(Resource resource, String path, IBase value, String where) {
    Slot slot = locate(resource, single(resource, path, where), where);
    List<IBase> values = new ArrayList<>(slot.child().getAccessor().getValues(slot.parent()));
    values.set(slot.index(), convert(slot.child(), null, value));
    rewrite(slot.parent(), slot.child(), values);
  }

  private void move(Resource resource, String path, int source, int destination, String where) {
    Slot slot = collection(resource, path, where);
    List<IBase> values = new ArrayList<>(slot.child().getAccessor().getValues(slot.parent()));
    if (source >= values.size() || destination >= values.size()) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "Move indexes are outside '" + path + "'", where);
    }
    values.add(destination, values.remove(source));
    rewrite(slot.parent(), slot.child(), values);
  }

  /** The list a path names, as parent and child ({@code Patient.identifier}). */
  private Slot collection(Resource resource, String path, String where) {
    int dot = path.lastIndexOf('.');
    String name = dot < 0 ? "" : path.substring(dot + 1);
    if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "insert and move need a path ending in an element name, e.g. Patient.identifier", where);
    }
    IBase parent = single(resource, path.substring(0, dot), where);
    return new Slot(parent, childNamed(parent, name, where), 0);
  }

  private IBase single(Resource resource, String path, String where) {
    List<IBase> found = evaluate(resource, path);
    if (found.size() != 1) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE,
          "Path '" + path + "' must match exactly one element but matches " + found.size(), where);
    }
    return found.get(0);
  }

  /** Serialised: HAPI's FHIRPath engine keeps per-evaluation state, and patches are rare. */
  private synchronized List<IBase> evaluate(Resource resource, String path) {
    if (fhirPath == null) {
      fhirPath = context.newFhirPath();
    }
    return fhirPath.evaluate(resource, path, IBase.class);
  }

  /** Finds an element's parent by walking the resource through HAPI's model definitions. */
  private Slot locate(IBase root, IBase target, String where) {
    Slot slot = search(root, target, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    if (slot == null) {
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "The element at the path cannot be changed", where);
    }
    return slot;
  }

  private @Nullable Slot search(IBase parent, IBase target, Set<IBase> seen) {
    if (!seen.add(parent)
        || !(context.getElementDefinition(parent.getClass()) instanceof BaseRuntimeElementCompositeDefinition<?> def)) {
      return null;
    }
    for (BaseRuntimeChildDefinition child : def.getChildrenAndExtension()) {
      List<IBase> values = child.getAccessor().getValues(parent);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) == target) {
          return new Slot(parent, child, i);
        }
      }
      for (IBase value : values) {
        Slot found = search(value, target, seen);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private BaseRuntimeChildDefinition childNamed(IBase parent, String name, String where) {
    if (context.getElementDefinition(parent.getClass()) instanceof BaseRuntimeElementCompositeDefinition<?> def) {
      BaseRuntimeChildDefinition child = def.getChildByName(name);
      if (child == null) {
        child = def.getChildByName(name + "[x]");
      }
      if (child != null) {
        return child;
      }
    }
    throw new FhirException(ErrorCode.INVALID_RESOURCE, "There is no element '" + name + "' at that path", where);
  }

  /** A primitive of another primitive type (valueCode for an enumerated code) is copied into the right type. */
  private IBase convert(BaseRuntimeChildDefinition child, @Nullable String name, IBase value) {
    if (!(value instanceof IPrimitiveType<?> primitive)) {
      return value;
    }
    String elementName = name != null ? name : child.getValidChildNames().iterator().next();
    BaseRuntimeElementDefinition<?> target = child.getChildByName(elementName);
    if (target == null || target.getImplementingClass().isInstance(value)) {
      return value;
    }
    IBase instance = target.newInstance(child.getInstanceConstructorArguments());
    if (instance instanceof IPrimitiveType<?> converted) {
      converted.setValueAsString(primitive.getValueAsString());
      return converted;
    }
    return value;
  }

  private static void rewrite(IBase parent, BaseRuntimeChildDefinition child, List<IBase> values) {
    if (child.getMax() == 1) {
      child.getMutator().setValue(parent, values.isEmpty() ? null : values.get(0));
      return;
    }
    int existing = child.getAccessor().getValues(parent).size();
    for (int i = existing - 1; i >= 0; i--) {
      child.getMutator().remove(parent, i);
    }
    for (IBase v : values) {
      child.getMutator().addValue(parent, v);
    }
  }

  private static String text(ParametersParameterComponent operation, String name, String where) {
    for (ParametersParameterComponent part : operation.getPart()) {
      if (name.equals(part.getName()) && part.getValue() != null && part.getValue().isPrimitive()) {
        return part.getValue().primitiveValue();
      }
    }
    throw new FhirException(ErrorCode.INVALID_REQUEST, "The operation needs a '" + name + "' part", where);
  }

  private static int index(ParametersParameterComponent operation, String name, String where) {
    try {
      int i = Integer.parseInt(text(operation, name, where));
      if (i < 0) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be a non-negative integer", where);
    }
  }

  private static IBase value(ParametersParameterComponent operation, String where) {
    for (ParametersParameterComponent part : operation.getPart()) {
      if ("value".equals(part.getName())) {
        if (part.getValue() != null) {
          return part.getValue();
        }
        if (part.getResource() != null) {
          return part.getResource();
        }
      }
    }
    throw new FhirException(ErrorCode.INVALID_REQUEST,
        "The operation needs a 'value' part with a value[x] (nested parts are not supported)", where);
  }
}
