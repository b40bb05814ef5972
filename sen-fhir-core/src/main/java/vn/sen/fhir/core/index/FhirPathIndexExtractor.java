package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * Extracts the search values of every search parameter of a resource's type, plus its patient
 * compartment, from the parameters' FHIRPath expressions
 * (<a href="https://hl7.org/fhir/R4/search.html">R4 search</a>).
 *
 * <p>Each expression is compiled once, lazily per resource type, into a small evaluator over HAPI's
 * R4 model; the few expressions beyond its subset run on HAPI's {@code FHIRPathEngine}. A parameter
 * whose expression cannot be evaluated is logged once and skipped, so it never fails a write.
 *
 * <p>Value conventions, shared with the store and the query parser:
 * <ul>
 *   <li>TOKEN: Coding → system, code, display; CodeableConcept → one token per coding with its text
 *       (or the coding's display), or a text-only token; Identifier → system, value, type text,
 *       first type coding; ContactPoint → its system code and value; primitives → code only;
 *       {@code _id} → the id part.
 *   <li>STRING: strings as written; HumanName and Address → one value per part.
 *   <li>DATE: inclusive millisecond ranges covering the precision, UTC when no zone is given;
 *       Period → [start, end] with open ends; Timing → its events or bounds.
 *   <li>NUMBER / QUANTITY: the decimal exactly as written; Money in ISO 4217; Range → low and high.
 *   <li>REFERENCE: local {@code Type/id} (relative, or absolute on a local base), other absolute and
 *       canonical URLs as URLs; contained and {@code urn:} references skipped; Reference.identifier
 *       also as a token for {@code :identifier}.
 *   <li>COMPOSITE: per focus element, the cartesian product of its components' values.
 * </ul>
 */
public final class FhirPathIndexExtractor implements IndexExtractor {
  private static final Logger log = LoggerFactory.getLogger(FhirPathIndexExtractor.class);

  private final SearchParameterRegistry registry;
  private final Function<String, Collection<SearchParamDef>> paramsOfType;
  private final ValueMapper mapper;
  private final Map<String, List<ParamPlan>> plans = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile @Nullable EnginePaths engine;

  public FhirPathIndexExtractor(SearchParameterRegistry registry) {
    this(registry, Set.of());
  }

  /**
   * @param localBaseUrls base URLs of this server (e.g. {@code https://sen.example/fhir}); an absolute
   *     reference starting with one of them is indexed like the relative reference
   */
  public FhirPathIndexExtractor(SearchParameterRegistry registry, Set<String> localBaseUrls) {
    this(registry, localBaseUrls, type -> registry.forType(type).values());
  }

  /** With the parameters of each type given apart from the registry, for tests of custom parameters. */
  FhirPathIndexExtractor(
      SearchParameterRegistry registry,
      Set<String> localBaseUrls,
      Function<String, Collection<SearchParamDef>> paramsOfType) {
    this.registry = registry;
    this.paramsOfType = paramsOfType;
    List<String> bases = new ArrayList<>();
    for (String base : localBaseUrls) {
      bases.add(base.endsWith("/") ? base : base + "/");
    }
    bases.sort(null);
    this.mapper = new ValueMapper(List.copyOf(bases));
  }

  @Override
  public Extraction extract(Resource resource) {
    return extract(resource, def -> true);
  }

  /**
   * A parameter {@code indexed} refuses is evaluated only while it could still decide the patient
   * compartment (a compartment parameter ranked before the best found so far); its values are not kept.
   */
  @Override
  public Extraction extract(Resource resource, Predicate<SearchParamDef> indexed) {
    String type = resource.fhirType();
    List<ParamPlan> typePlans = plans.computeIfAbsent(type, this::plan);
    List<IndexedValue> values = new ArrayList<>();
    String compartment = null;
    int compartmentRank = Integer.MAX_VALUE;
    List<IndexValue> buffer = new ArrayList<>();
    for (ParamPlan plan : typePlans) {
      boolean keep = indexed.test(plan.def());
      if (!keep && plan.compartmentRank() >= compartmentRank) {
        continue;
      }
      buffer.clear();
      try {
        plan.extract(resource, mapper, buffer);
      } catch (RuntimeException | LinkageError e) {
        // Only the exception type: an evaluation message may quote values from the resource.
        warnOnce(plan.def(), e.getClass().getName());
        continue;
      }
      Collection<IndexValue> paramValues = distinct(buffer);
      if (keep) {
        for (IndexValue v : paramValues) {
          values.add(new IndexedValue(plan.def(), v));
        }
      }
      if (plan.compartmentRank() < compartmentRank) {
        String patient = firstPatient(paramValues);
        if (patient != null) {
          compartment = patient;
          compartmentRank = plan.compartmentRank();
        }
      }
    }
    if (type.equals("Patient")) {
      // hasId() first: getIdElement() would create an empty id on a resource without one.
      compartment = resource.hasId() && resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : null;
    }
    return new Extraction(List.copyOf(values), compartment);
  }

  /**
   * Whether a parameter's expression runs on the fast evaluator (compiling it if needed); false
   * when it needs HAPI's engine or cannot be evaluated at all.
   */
  public boolean usesFastPath(SearchParamDef def) {
    for (ParamPlan plan : plans.computeIfAbsent(def.resourceType(), this::plan)) {
      if (plan.def().equals(def)) {
        return plan.fast();
      }
    }
    return false;
  }

  /** Whether a parameter's expression could be compiled at all (fast or by HAPI's engine). */
  public boolean isEvaluable(SearchParamDef def) {
    return plans.computeIfAbsent(def.resourceType(), this::plan).stream()
        .anyMatch(p -> p.def().equals(def));
  }

  /**
   * The values without repeats, in first-seen order. Most parameters have a handful of values, for
   * which comparing pairwise is cheaper than hashing into a set.
   */
  static Collection<IndexValue> distinct(List<IndexValue> values) {
    int n = values.size();
    if (n > 16) {
      return new LinkedHashSet<>(values);
    }
    List<IndexValue> result = values;
    for (int i = 1; i < n; i++) {
      IndexValue v = values.get(i);
      for (int j = 0; j < i; j++) {
        if (values.get(j).equals(v)) {
          return new LinkedHashSet<>(values);
        }
      }
    }
    return result;
  }

  private static @Nullable String firstPatient(Collection<IndexValue> values) {
    for (IndexValue v : values) {
      if (v instanceof IndexValue.Reference r && "Patient".equals(r.targetType()) && r.targetId() != null) {
        return r.targetId();
      }
    }
    return null;
  }

  private List<ParamPlan> plan(String type) {
    List<ParamPlan> result = new ArrayList<>();
    int order = 0;
    for (SearchParamDef def : paramsOfType.apply(type)) {
      order++;
      int rank = !def.patientCompartment() ? Integer.MAX_VALUE
          : switch (def.code()) {
            case "patient" -> 0;
            case "subject" -> 1;
            default -> 1 + order;
          };
      try {
        result.add(compileParam(def, rank));
      } catch (RuntimeException | LinkageError e) {
        warnOnce(def, e.toString());
      }
    }
    return List.copyOf(result);
  }

  private ParamPlan compileParam(SearchParamDef def, int rank) {
    if (def.expression().isBlank()) {
      throw new IllegalStateException("no expression");
    }
    if (def.type() != SearchParamType.COMPOSITE) {
      return new ParamPlan.Simple(def, compile(def.expression()), rank);
    }
    return CompositePlan.compile(def, registry.components(def), this::compile, rank);
  }

  private CompiledPath compile(String expression) {
    try {
      return new FastPath.Root(FastPathParser.parse(expression));
    } catch (FastPathParser.Unsupported e) {
      return engine().compile(expression);
    }
  }

  private EnginePaths engine() {
    EnginePaths e = engine;
    if (e == null) {
      synchronized (this) {
        e = engine;
        if (e == null) {
          e = new EnginePaths(registry.context());
          engine = e;
        }
      }
    }
    return e;
  }

  private void warnOnce(SearchParamDef def, String problem) {
    if (warned.add(def.qualifiedName())) {
      log.warn("Search parameter {} cannot be evaluated and is not indexed: {}", def.qualifiedName(), problem);
    }
  }

  /** How one parameter is extracted. */
  sealed interface ParamPlan permits ParamPlan.Simple, CompositePlan {
    SearchParamDef def();

    /** Lower is preferred when choosing the patient compartment; MAX_VALUE: not a compartment param. */
    int compartmentRank();

    boolean fast();

    void extract(Resource resource, ValueMapper mapper, Collection<IndexValue> out);

    /** A parameter with one expression whose elements map to values of its type. */
    record Simple(SearchParamDef def, CompiledPath path, int compartmentRank) implements ParamPlan {
      @Override
      public boolean fast() {
        return path.fast();
      }

      @Override
      public void extract(Resource resource, ValueMapper mapper, Collection<IndexValue> out) {
        for (Base element : path.evaluate(resource)) {
          mapper.map(def.type(), element, out);
        }
      }
    }
  }
}
