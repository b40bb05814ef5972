package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * The nodes of Sen's own evaluator for the FHIRPath subset search parameters use. Each node maps an
 * input collection to an output collection, as FHIRPath does; booleans are {@link BooleanType}s.
 */
sealed interface FastPath {

  List<Base> eval(List<Base> input);

  /** A compiled root expression. */
  record Root(FastPath node) implements CompiledPath {
    @Override
    public List<Base> evaluate(Base focus) {
      return node.eval(List.of(focus));
    }

    @Override
    public boolean fast() {
      return true;
    }
  }

  /** The input itself ({@code $this}). */
  record This() implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      return input;
    }
  }

  /** {@code a.b}: b evaluated on the result of a. */
  record Chain(FastPath first, FastPath then) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> mid = first.eval(input);
      return mid.isEmpty() ? List.of() : then.eval(mid);
    }
  }

  /**
   * A child name, such as {@code code}. Children are read through the generated
   * {@code getProperty(hash, name, false)} switch, which also answers choice elements such as
   * {@code value[x]} by their base name.
   */
  record Child(String name, int hash) implements FastPath {
    Child(String name) {
      this(name, name.hashCode());
    }

    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> out = null;
      for (Base b : input) {
        Base[] children = b.getProperty(hash, name, false);
        if (children == null || children.length == 0) {
          continue;
        }
        if (out == null) {
          out = new ArrayList<>(children.length);
        }
        for (Base c : children) {
          if (c != null) {
            out.add(c);
          }
        }
      }
      return out == null ? List.of() : out;
    }
  }

  /**
   * A type name opening an expression ({@code Observation.code}, {@code Resource.id}): the focus
   * itself when it is a resource of that type.
   */
  record TypeName(String name) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      if (input.size() == 1) {
        return matches(input.get(0)) ? input : List.of();
      }
      List<Base> out = new ArrayList<>(input.size());
      for (Base b : input) {
        if (matches(b)) {
          out.add(b);
        }
      }
      return out;
    }

    private boolean matches(Base b) {
      return b instanceof Resource r
          && (name.equals(r.fhirType()) || name.equals("Resource")
              || name.equals("DomainResource") && r instanceof DomainResource);
    }
  }

  /** {@code a | b}: union without duplicates (by identity: the same element is not repeated). */
  record Union(List<FastPath> branches) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> out = new ArrayList<>();
      for (FastPath branch : branches) {
        for (Base b : branch.eval(input)) {
          if (!containsIdentical(out, b)) {
            out.add(b);
          }
        }
      }
      return out;
    }

    private static boolean containsIdentical(List<Base> list, Base b) {
      for (Base x : list) {
        if (x == b) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code as T}, {@code .as(T)}, {@code .ofType(T)}: the elements of type T. */
  record OfType(FastPath operand, String type) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> values = operand.eval(input);
      List<Base> out = null;
      for (Base b : values) {
        if (isOfType(b, type)) {
          if (out == null) {
            out = new ArrayList<>(values.size());
          }
          out.add(b);
        }
      }
      return out == null ? List.of() : out;
    }
  }

  /** {@code x is T}: a boolean per the single input, empty for an empty input. */
  record Is(FastPath operand, String type) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> values = operand.eval(input);
      if (values.size() != 1) {
        return List.of();
      }
      return bool(isOfType(values.get(0), type));
    }
  }

  /**
   * {@code resolve() is T}: nothing can be resolved while indexing, so the type is read from the
   * reference itself ({@code T/id}, an absolute URL ending in {@code T/id}, or a contained or
   * embedded resource of that type).
   */
  record ResolveIs(String type) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      if (input.size() != 1) {
        return List.of();
      }
      return bool(input.get(0) instanceof Reference r && type.equals(ReferenceTarget.typeOf(r)));
    }
  }

  /**
   * A bare {@code resolve()}: the parser accepts it only as the left side of {@code is} (which
   * becomes {@link ResolveIs}); on its own nothing can be resolved while indexing.
   */
  record Resolve() implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      return List.of();
    }
  }

  /** {@code where(criterion)}: the elements for which the criterion is true. */
  record Where(FastPath operand, FastPath criterion) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> values = operand.eval(input);
      List<Base> out = null;
      for (Base b : values) {
        if (isTrue(criterion.eval(List.of(b)))) {
          if (out == null) {
            out = new ArrayList<>(values.size());
          }
          out.add(b);
        }
      }
      return out == null ? List.of() : out;
    }
  }

  /** {@code extension('url')}: the extensions with that URL. */
  record ExtensionByUrl(FastPath operand, String url) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> values = operand.eval(input);
      List<Base> out = new ArrayList<>();
      for (Base b : values) {
        Base[] exts = b.getProperty("extension".hashCode(), "extension", false);
        if (exts == null) {
          continue;
        }
        for (Base e : exts) {
          if (e instanceof Extension ext && url.equals(ext.getUrl())) {
            out.add(ext);
          }
        }
      }
      return out;
    }
  }

  /** {@code [n]} and {@code first()}. */
  record Index(FastPath operand, int index) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> values = operand.eval(input);
      return index < values.size() ? List.of(values.get(index)) : List.of();
    }
  }

  /** {@code exists()}, {@code empty()}. */
  record Exists(FastPath operand, boolean expected) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      return bool(operand.eval(input).isEmpty() != expected);
    }
  }

  /** {@code not()}: negates a single boolean, empty otherwise. */
  record Not(FastPath operand) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      Boolean v = singleBoolean(operand.eval(input));
      return v == null ? List.of() : bool(!v);
    }
  }

  /** A literal: string, boolean or integer. */
  record Literal(Base value) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      return List.of(value);
    }
  }

  /** {@code =} and {@code !=} with FHIRPath's empty propagation. */
  record Equality(FastPath left, FastPath right, boolean negate) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      List<Base> l = left.eval(input);
      List<Base> r = right.eval(input);
      if (l.isEmpty() || r.isEmpty()) {
        return List.of();
      }
      boolean equal = l.size() == r.size();
      for (int i = 0; equal && i < l.size(); i++) {
        equal = primitiveEquals(l.get(i), r.get(i));
      }
      return bool(equal != negate);
    }
  }

  /** {@code and} / {@code or} in FHIRPath's three-valued logic. */
  record Logic(FastPath left, FastPath right, boolean isAnd) implements FastPath {
    @Override
    public List<Base> eval(List<Base> input) {
      Boolean l = singleBoolean(left.eval(input));
      Boolean r = singleBoolean(right.eval(input));
      if (isAnd) {
        if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) {
          return bool(false);
        }
        return l != null && r != null ? bool(true) : List.of();
      }
      if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
        return bool(true);
      }
      return l != null && r != null ? bool(false) : List.of();
    }
  }

  private static List<Base> bool(boolean value) {
    return List.of(new BooleanType(value));
  }

  private static @Nullable Boolean singleBoolean(List<Base> values) {
    if (values.size() != 1) {
      return null;
    }
    return values.get(0) instanceof BooleanType b ? b.getValue() : Boolean.TRUE;
  }

  private static boolean isTrue(List<Base> values) {
    return Boolean.TRUE.equals(singleBoolean(values));
  }

  /** FHIRPath equality on primitives; values of different kinds (a date and a boolean) differ. */
  private static boolean primitiveEquals(Base a, Base b) {
    if (!(a instanceof PrimitiveType<?> pa) || !(b instanceof PrimitiveType<?> pb)) {
      return false;
    }
    if ((a instanceof BooleanType) != (b instanceof BooleanType)) {
      return false;
    }
    String va = pa.getValueAsString();
    return va != null && va.equals(pb.getValueAsString());
  }

  /** Type test with the one derivation search expressions rely on: Age, Duration … are Quantities. */
  static boolean isOfType(Base b, String type) {
    if (type.equals(b.fhirType())) {
      return true;
    }
    return switch (type) {
      case "Quantity" -> b instanceof Quantity;
      case "Resource" -> b instanceof Resource;
      case "DomainResource" -> b instanceof DomainResource;
      default -> false;
    };
  }
}
