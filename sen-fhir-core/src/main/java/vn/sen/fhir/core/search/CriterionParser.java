package vn.sen.fhir.core.search;

import static vn.sen.fhir.core.search.SearchArgParser.invalid;
import static vn.sen.fhir.core.search.SearchArgParser.shown;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns one {@code name=value} pair that is not a control parameter into a {@link Criterion}: plain
 * parameters with modifiers, chains ({@code subject:Patient.name}) and reverse chains
 * ({@code _has:Observation:patient:code}), as in <a href="https://hl7.org/fhir/R4/search.html">R4
 * search</a> §3.1.1.4–3.1.1.6.
 */
final class CriterionParser {
  /** Chain and {@code _has} steps allowed in one parameter: enough for any real query, bounded recursion. */
  static final int MAX_DEPTH = 5;
  private static final Set<String> UNSUPPORTED_TOKEN_MODIFIERS = Set.of("in", "not-in", "above", "below");

  private final SearchParameterRegistry registry;
  private final SearchArgParser args;
  /** Parameter codes every resource type has ({@code _id}, {@code _lastUpdated}…): system search. */
  private final Set<String> commonCodes;
  private final String firstType;

  CriterionParser(SearchParameterRegistry registry, SearchArgParser args) {
    this.registry = registry;
    this.args = args;
    Set<String> common = null;
    for (String type : registry.resourceTypes()) {
      if (common == null) {
        common = new HashSet<>(registry.forType(type).keySet());
      } else {
        common.retainAll(registry.forType(type).keySet());
      }
    }
    this.commonCodes = common == null ? Set.of() : Set.copyOf(common);
    this.firstType = registry.resourceTypes().isEmpty() ? "" : registry.resourceTypes().iterator().next();
  }

  /**
   * Resolves a parameter code in a scope. Across several types the code must exist on each; the
   * definition of the first type is returned and the store matches the others by code.
   */
  Optional<SearchParamDef> find(SearchScope scope, String code) {
    if (scope.type() != null) {
      return registry.find(scope.type(), code);
    }
    if (scope.types().isEmpty()) {
      return commonCodes.contains(code) ? registry.find(firstType, code) : Optional.empty();
    }
    for (String type : scope.types()) {
      if (registry.find(type, code).isEmpty()) {
        return Optional.empty();
      }
    }
    return registry.find(scope.types().iterator().next(), code);
  }

  /** The criterion, or null when the parameter is ignored (reported in {@code out}) or has no value. */
  @Nullable Criterion parse(SearchScope scope, String name, String value, ParseOutcome out) {
    return parse(scope, name, new Written(name, value, out), 0);
  }

  /**
   * @param name what is left to resolve of the parameter name (after chain or {@code _has} steps)
   * @param depth chain and {@code _has} steps taken so far
   */
  private @Nullable Criterion parse(SearchScope scope, String name, Written written, int depth) {
    if (depth > MAX_DEPTH) {
      written.out().ignore("Search parameter '" + shown(written.name()) + "', chained deeper than "
          + MAX_DEPTH + " levels,", shown(written.name()));
      return null;
    }
    if (name.startsWith("_has:") || name.equals("_has")) {
      return reverseChain(scope, name, written, depth);
    }
    int dot = name.indexOf('.');
    if (dot >= 0) {
      return chain(scope, name, dot, written, depth);
    }
    int colon = name.indexOf(':');
    String code = colon < 0 ? name : name.substring(0, colon);
    Optional<SearchParamDef> def = find(scope, code);
    if (def.isEmpty()) {
      written.out().ignore("Unknown search parameter '" + shown(name) + "' for " + scope.describe(),
          shown(written.name()));
      return null;
    }
    return param(def.get(), colon < 0 ? null : name.substring(colon + 1), written);
  }

  private @Nullable Criterion chain(SearchScope scope, String name, int dot, Written written, int depth) {
    ParseOutcome out = written.out();
    String whole = shown(written.name());
    String head = name.substring(0, dot);
    String rest = name.substring(dot + 1);
    int colon = head.indexOf(':');
    String code = colon < 0 ? head : head.substring(0, colon);
    Optional<SearchParamDef> found = find(scope, code);
    if (found.isEmpty()) {
      out.ignore("Unknown search parameter '" + shown(head) + "' for " + scope.describe(), whole);
      return null;
    }
    SearchParamDef reference = found.get();
    if (reference.type() != SearchParamType.REFERENCE) {
      throw invalid("Search parameter '" + code + "' of " + scope.describe()
          + " is not a reference and cannot be chained", whole);
    }
    String targetType = null;
    if (colon >= 0) {
      targetType = head.substring(colon + 1);
      if (!registry.isResourceType(targetType)) {
        out.ignore("Unknown modifier ':" + shown(targetType) + "' on chained parameter '" + code + "'",
            whole);
        return null;
      }
      requireTarget(reference, targetType, written.name());
    }
    String restCode = rest.split("[:.]", 2)[0];
    List<String> candidates = candidates(reference, targetType);
    String chosen = candidates.stream()
        .filter(candidate -> registry.find(candidate, restCode).isPresent())
        .findFirst()
        .orElse(null);
    if (chosen == null) {
      out.ignore("Unknown search parameter '" + shown(restCode) + "' in chain '" + shown(name) + "' for "
          + scope.describe(), whole);
      return null;
    }
    if (targetType == null && candidates.size() == 1) {
      targetType = chosen;
    }
    Criterion onTarget = parse(SearchScope.of(chosen), rest, written, depth + 1);
    return onTarget == null ? null : new Criterion.Chain(reference, targetType, onTarget);
  }

  /**
   * The types a chain may continue on, in a stable order: the {@code :Type} given, else the reference's
   * targets, else (a reference to any type) every type. Without {@code :Type} the chained parameter is
   * resolved on the first candidate that has it; the store matches the other candidates by code.
   */
  private List<String> candidates(SearchParamDef reference, @Nullable String targetType) {
    if (targetType != null) {
      return List.of(targetType);
    }
    Set<String> targets = reference.targets().isEmpty() ? registry.resourceTypes() : reference.targets();
    return List.copyOf(new TreeSet<>(targets));
  }

  private @Nullable Criterion reverseChain(SearchScope scope, String name, Written written, int depth) {
    ParseOutcome out = written.out();
    String whole = shown(written.name());
    String[] parts = name.split(":", 4);
    if (parts.length < 4 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
      out.ignore("Search parameter '" + shown(name) + "', not of the form _has:Type:reference:parameter,",
          whole);
      return null;
    }
    if (scope.type() == null) {
      out.ignore("Search parameter '" + shown(name) + "' in a system-level search", whole);
      return null;
    }
    String sourceType = parts[1];
    if (!registry.isResourceType(sourceType)) {
      out.ignore("Unknown resource type '" + shown(sourceType) + "' in '" + shown(name) + "'", whole);
      return null;
    }
    Optional<SearchParamDef> reference = registry.find(sourceType, parts[2])
        .filter(def -> def.type() == SearchParamType.REFERENCE);
    if (reference.isEmpty()) {
      out.ignore("Unknown reference parameter '" + shown(parts[2]) + "' of " + sourceType + " in '"
          + shown(name) + "'", whole);
      return null;
    }
    requireTarget(reference.get(), scope.type(), written.name());
    Criterion onSource = parse(SearchScope.of(sourceType), parts[3], written, depth + 1);
    return onSource == null ? null : new Criterion.Has(sourceType, reference.get(), onSource);
  }

  private @Nullable Criterion param(SearchParamDef def, @Nullable String modifierText, Written written) {
    ParseOutcome out = written.out();
    String name = written.name();
    String value = written.value();
    if (def.type() == SearchParamType.SPECIAL) {
      out.ignore("Unsupported search parameter '" + def.code() + "' of " + def.resourceType(),
          shown(name));
      return null;
    }
    Modifier modifier = Modifier.NONE;
    String referenceType = null;
    if (modifierText != null) {
      Optional<Modifier> known = modifier(def, modifierText);
      if (known.isEmpty()) {
        boolean unsupported =
            def.type() == SearchParamType.TOKEN && UNSUPPORTED_TOKEN_MODIFIERS.contains(modifierText);
        out.ignore((unsupported ? "Unsupported" : "Unknown") + " modifier ':" + shown(modifierText)
            + "' on search parameter '" + def.code() + "' for " + def.resourceType(), shown(name));
        return null;
      }
      modifier = known.get();
      if (modifier == Modifier.TYPE) {
        referenceType = modifierText;
        requireTarget(def, referenceType, name);
      }
    }
    if (value.isEmpty()) {
      return null;
    }
    if (modifier == Modifier.MISSING) {
      if (!value.equals("true") && !value.equals("false")) {
        throw invalid("Invalid value '" + shown(value) + "' for parameter '" + shown(name)
            + "': :missing expects true or false", shown(name));
      }
      return new Criterion.Param(def, modifier, List.of(new SearchArg.Missing(value.equals("true"))));
    }
    List<SearchArg> anyOf = new ArrayList<>();
    for (String piece : SearchEscapes.split(value, ',')) {
      if (!piece.isEmpty()) {
        anyOf.add(args.parse(def, modifier, referenceType, piece, shown(name)));
      }
    }
    return anyOf.isEmpty() ? null : new Criterion.Param(def, modifier, List.copyOf(anyOf));
  }

  /** The modifiers R4 defines for each parameter type that Sen serves. */
  private Optional<Modifier> modifier(SearchParamDef def, String text) {
    if (text.equals("missing")) {
      return Optional.of(Modifier.MISSING);
    }
    Modifier modifier = switch (def.type()) {
      case STRING -> switch (text) {
        case "exact" -> Modifier.EXACT;
        case "contains" -> Modifier.CONTAINS;
        default -> null;
      };
      case TOKEN -> switch (text) {
        case "text" -> Modifier.TEXT;
        case "not" -> Modifier.NOT;
        case "of-type" -> Modifier.OF_TYPE;
        default -> null;
      };
      case URI -> switch (text) {
        case "above" -> Modifier.ABOVE;
        case "below" -> Modifier.BELOW;
        default -> null;
      };
      case REFERENCE -> text.equals("identifier")
          ? Modifier.IDENTIFIER
          : registry.isResourceType(text) ? Modifier.TYPE : null;
      default -> null;
    };
    return Optional.ofNullable(modifier);
  }

  private static void requireTarget(SearchParamDef reference, String type, String name) {
    if (!reference.targets().isEmpty() && !reference.targets().contains(type)) {
      throw invalid("Search parameter '" + reference.code() + "' of " + reference.resourceType()
          + " does not refer to " + type, shown(name));
    }
  }

  /** The parameter as the client wrote it, for messages, with its value and the parse's outcome. */
  private record Written(String name, String value, ParseOutcome out) {}
}
