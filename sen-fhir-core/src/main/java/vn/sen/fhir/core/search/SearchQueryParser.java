package vn.sen.fhir.core.search;

import static vn.sen.fhir.core.search.SearchArgParser.invalid;
import static vn.sen.fhir.core.search.SearchArgParser.shown;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;

/**
 * Parses search parameters into a {@link SearchQuery}, following
 * <a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>: control parameters ({@code _count},
 * {@code _offset}, {@code _sort}, {@code _total}, {@code _include}, {@code _revinclude},
 * {@code _summary=count}, {@code _type}), then criteria with modifiers, prefixes, escapes, chains and
 * {@code _has}. Parameters the server does not understand are reported as warnings and left out, or
 * refused with a 400 when the client asked for strict handling. Every error is a {@link FhirException}
 * with {@link ErrorCode#INVALID_REQUEST} naming the parameter and value. Thread-safe.
 */
public final class SearchQueryParser {
  /** Handled by the HTTP layer when it renders the Bundle; accepted here without a word. */
  private static final Set<String> PRESENTATION =
      Set.of("_elements", "_format", "_pretty", "_contained", "_containedType");
  private static final Set<String> UNSUPPORTED = Set.of("_list", "_text", "_content", "_filter", "_query");

  private final SearchParameterRegistry registry;
  private final CriterionParser criteria;

  /**
   * @param localBaseUrls the server's own base URLs (e.g. {@code https://sen.example.vn/fhir}): an
   *     absolute reference under one of them is a local {@code Type/id}
   */
  public SearchQueryParser(SearchParameterRegistry registry, Set<String> localBaseUrls) {
    this.registry = registry;
    List<String> bases = new ArrayList<>();
    for (String base : localBaseUrls) {
      String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      if (!trimmed.isEmpty()) {
        bases.add(trimmed);
      }
    }
    this.criteria = new CriterionParser(registry, new SearchArgParser(registry, List.copyOf(bases)));
  }

  /**
   * Parses decoded {@code (name, value)} pairs in request order.
   *
   * @param resourceType the type searched, or null for a system-level search
   * @param strict refuse (400) rather than ignore unknown or unsupported parameters and modifiers
   * @throws FhirException {@code INVALID_REQUEST} for a malformed value, {@code UNKNOWN_RESOURCE_TYPE}
   *     when {@code resourceType} is not an R4 type
   */
  public ParsedSearch parse(
      @Nullable String resourceType, List<Map.Entry<String, String>> params, boolean strict) {
    if (resourceType != null && !registry.isResourceType(resourceType)) {
      throw new FhirException(ErrorCode.UNKNOWN_RESOURCE_TYPE,
          "Unknown resource type '" + shown(resourceType) + "'");
    }
    ParseOutcome out = new ParseOutcome(strict);
    Controls controls = new Controls(resourceType);
    List<Map.Entry<String, String>> rest = new ArrayList<>();
    for (Map.Entry<String, String> param : params) {
      String name = param.getKey() == null ? "" : param.getKey();
      String value = param.getValue() == null ? "" : param.getValue();
      if (!control(controls, name, value, out)) {
        rest.add(Map.entry(name, value));
      }
    }
    SearchScope scope = new SearchScope(resourceType, controls.types());
    List<Criterion> found = new ArrayList<>();
    for (Map.Entry<String, String> param : rest) {
      Criterion criterion = criteria.parse(scope, param.getKey(), param.getValue(), out);
      if (criterion != null) {
        found.add(criterion);
      }
    }
    SearchQuery query = new SearchQuery(resourceType, resourceType == null ? controls.types() : Set.of(),
        List.copyOf(found), null, sort(scope, controls.sortKeys), controls.count, controls.offset,
        controls.total, List.copyOf(controls.includes), List.copyOf(controls.revIncludes),
        controls.summaryCount);
    return new ParsedSearch(query, out.issues());
  }

  /**
   * Parses the query of a conditional create, update, delete or reference: {@code Patient?identifier=a|b}
   * or a bare {@code identifier=a%7Cb}, still URL-encoded. Strict, since ignoring a criterion would
   * widen the set of resources an update or delete acts on; at least one criterion is required.
   */
  public SearchQuery parseConditional(String resourceType, String queryOrUrl) {
    String query = queryOrUrl;
    int question = queryOrUrl.indexOf('?');
    if (question >= 0) {
      String path = queryOrUrl.substring(0, question);
      String type = path.substring(path.lastIndexOf('/') + 1);
      if (!path.isEmpty() && !type.equals(resourceType)) {
        throw invalid("Conditional URL '" + shown(queryOrUrl) + "' does not search " + resourceType, null);
      }
      query = queryOrUrl.substring(question + 1);
    }
    int fragment = query.indexOf('#');
    if (fragment >= 0) {
      query = query.substring(0, fragment);
    }
    List<Map.Entry<String, String>> params = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        params.add(Map.entry(decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1))));
      }
    }
    SearchQuery parsed = parse(resourceType, params, true).query();
    if (parsed.criteria().isEmpty()) {
      throw invalid("Conditional URL '" + shown(queryOrUrl) + "' has no search criteria", null);
    }
    return parsed;
  }

  /** The same query restricted to one Patient's compartment (set by the HTTP layer, never by a client). */
  public SearchQuery inCompartment(SearchQuery query, ResourceKey patient) {
    if (!patient.type().equals("Patient")) {
      throw invalid("Only Patient compartments are supported, not " + shown(patient.type()), null);
    }
    return new SearchQuery(query.resourceType(), query.types(), query.criteria(), patient, query.sort(),
        query.count(), query.offset(), query.total(), query.includes(), query.revIncludes(),
        query.summaryCount());
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("Malformed percent-encoding in '" + shown(encoded) + "'", null);
    }
  }

  /** Handles a control parameter; false when {@code name} is a criterion. */
  private boolean control(Controls controls, String name, String value, ParseOutcome out) {
    switch (name) {
      case "_count" -> controls.count = count(value, out);
      case "_offset" -> controls.offset = whole("_offset", value);
      case "_sort" -> controls.sortKeys.add(value);
      case "_total" -> controls.total = total(value);
      case "_summary" -> controls.summaryCount = value.equals("count");
      case "_type" -> types(controls, value, out);
      default -> {
        if (PRESENTATION.contains(name)) {
          return true;
        }
        if (UNSUPPORTED.contains(name)) {
          out.ignore("Search parameter '" + name + "' is not supported", name);
          return true;
        }
        if (name.startsWith("_include") || name.startsWith("_revinclude")) {
          return include(controls, name, value, out);
        }
        return false;
      }
    }
    return true;
  }

  private static int count(String value, ParseOutcome out) {
    if (value.matches("\\d{10,}")) {
      return capped(value, out);
    }
    int count = whole("_count", value);
    return count > SearchQuery.MAX_COUNT ? capped(value, out) : count;
  }

  private static int capped(String value, ParseOutcome out) {
    out.warn(Issue.warning("informational", "_count=" + shown(value) + " exceeds the maximum of "
        + SearchQuery.MAX_COUNT + "; pages hold " + SearchQuery.MAX_COUNT + " entries", "_count"));
    return SearchQuery.MAX_COUNT;
  }

  private static int whole(String name, String value) {
    if (!value.matches("\\d{1,9}")) {
      throw invalid("Invalid " + name + " '" + shown(value) + "': expected a whole number from 0 to 999999999",
          name);
    }
    return Integer.parseInt(value);
  }

  private static TotalMode total(String value) {
    return switch (value) {
      case "none" -> TotalMode.NONE;
      case "estimate" -> TotalMode.ESTIMATE;
      case "accurate" -> TotalMode.ACCURATE;
      default -> throw invalid("Invalid _total '" + shown(value) + "': expected none, estimate or accurate",
          "_total");
    };
  }

  private void types(Controls controls, String value, ParseOutcome out) {
    if (controls.resourceType != null) {
      out.ignore("Search parameter '_type' applies only to a system-level search", "_type");
      return;
    }
    for (String type : value.split(",")) {
      if (type.isEmpty()) {
        continue;
      }
      if (!registry.isResourceType(type)) {
        throw invalid("Unknown resource type '" + shown(type) + "' in _type", "_type");
      }
      controls.typeList.add(type);
    }
  }

  private boolean include(Controls controls, String name, String value, ParseOutcome out) {
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String modifier = colon < 0 ? null : name.substring(colon + 1);
    boolean reverse = base.equals("_revinclude");
    if (!reverse && !base.equals("_include")) {
      return false;
    }
    if (modifier != null && !modifier.equals("iterate") && !modifier.equals("recurse")) {
      out.ignore("Unknown modifier ':" + shown(modifier) + "' on " + base, shown(name));
      return true;
    }
    if (value.isEmpty()) {
      return true;
    }
    IncludeSpec spec = includeSpec(controls.resourceType, base, reverse, value, modifier != null, out);
    if (spec != null) {
      (reverse ? controls.revIncludes : controls.includes).add(spec);
    }
    return true;
  }

  /**
   * {@code Type:param[:Target]} or {@code *}. A bare {@code _revinclude=*} has no source type of its
   * own: it is given as source type {@code *}, meaning every resource that refers to a match.
   */
  private @Nullable IncludeSpec includeSpec(
      @Nullable String resourceType, String base, boolean reverse, String value, boolean iterate,
      ParseOutcome out) {
    if (value.equals("*")) {
      if (reverse) {
        return new IncludeSpec("*", null, null, iterate);
      }
      if (resourceType == null) {
        out.ignore("_include=* needs a resource type", base);
        return null;
      }
      return new IncludeSpec(resourceType, null, null, iterate);
    }
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || !registry.isResourceType(parts[0])) {
      throw invalid("Invalid " + base + " '" + shown(value) + "': expected Type:parameter[:TargetType]", base);
    }
    String sourceType = parts[0];
    SearchParamDef param = null;
    if (!parts[1].equals("*")) {
      param = registry.find(sourceType, parts[1])
          .filter(def -> def.type() == SearchParamType.REFERENCE)
          .orElseThrow(() -> invalid("Unknown reference parameter '" + shown(parts[1]) + "' of " + sourceType
              + " in " + base, base));
    }
    String target = parts.length == 3 ? parts[2] : null;
    if (target != null && (!registry.isResourceType(target)
        || (param != null && !param.targets().isEmpty() && !param.targets().contains(target)))) {
      throw invalid("Invalid target type '" + shown(target) + "' in " + base + " '" + shown(value) + "'", base);
    }
    return new IncludeSpec(sourceType, param, target, iterate);
  }

  private List<SortSpec> sort(SearchScope scope, List<String> values) {
    List<SortSpec> sort = new ArrayList<>();
    for (String value : values) {
      for (String key : value.split(",")) {
        if (key.isEmpty()) {
          continue;
        }
        boolean descending = key.startsWith("-");
        String code = descending ? key.substring(1) : key;
        SearchParamDef def = criteria.find(scope, code).orElseThrow(() -> invalid(
            "Unknown _sort parameter '" + shown(code) + "' for " + scope.describe(), "_sort"));
        sort.add(new SortSpec(def, descending));
      }
    }
    return List.copyOf(sort);
  }

  /** Control parameters collected in the first pass; criteria are resolved once {@code _type} is known. */
  private static final class Controls {
    final @Nullable String resourceType;
    final Set<String> typeList = new LinkedHashSet<>();
    final List<String> sortKeys = new ArrayList<>();
    final List<IncludeSpec> includes = new ArrayList<>();
    final List<IncludeSpec> revIncludes = new ArrayList<>();
    int count = SearchQuery.DEFAULT_COUNT;
    int offset;
    TotalMode total = TotalMode.NONE;
    boolean summaryCount;

    Controls(@Nullable String resourceType) {
      this.resourceType = resourceType;
    }

    Set<String> types() {
      return Collections.unmodifiableSet(new LinkedHashSet<>(typeList));
    }
  }
}
